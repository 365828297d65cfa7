import { useListContext } from 'react-admin';
import { DownloadCsvButton } from '../shared/DownloadCsvButton';

/** Downloads the filtered trail as CSV (the server streams it and records the export), with local times in this browser's zone. */
export const ExportCsvButton = () => {
  const { filterValues } = useListContext();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <DownloadCsvButton
      path={`/audit-events/export?filter=${encodeURIComponent(JSON.stringify(filterValues))}&tz=${encodeURIComponent(zone)}`}
      fallbackName="audit-events.csv"
      rowsNoun="events"
    />
  );
};
