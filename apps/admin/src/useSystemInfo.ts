import { useQuery } from '@tanstack/react-query';
import type { SystemInfo } from '@resetdesk/system/system-status.types';
import { getJson } from './httpClient';

/** What this server offers the UI (e.g. the demo mailbox). */
export function useSystemInfo(enabled = true) {
  return useQuery({ queryKey: ['system-info'], queryFn: () => getJson<SystemInfo>('/system/info'), staleTime: Infinity, enabled });
}
