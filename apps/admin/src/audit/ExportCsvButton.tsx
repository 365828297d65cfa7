import { useListContext } from 'react-admin';
import { DownloadCsvButton } from '../shared/DownloadCsvButton';

/** Downloads the filtered trail as CSV (the server streams it and records the export). */
export const ExportCsvButton = () => {
  const { filterValues } = useListContext();
  return (
    <DownloadCsvButton
      path={`/audit-events/export?filter=${encodeURIComponent(JSON.stringify(filterValues))}`}
      fallbackName="audit-events.csv"
      rowsNoun="events"
    />
  );
};
