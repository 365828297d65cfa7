import { useQuery } from '@tanstack/react-query';
import { getJson } from './httpClient';

export interface SystemInfo {
  mailCatcher: boolean;
}

/** What this server offers the UI (e.g. the demo mailbox). */
export function useSystemInfo() {
  return useQuery({ queryKey: ['system-info'], queryFn: () => getJson<SystemInfo>('/system/info'), staleTime: Infinity });
}
