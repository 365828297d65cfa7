import { DomainException } from '@resetdesk/core';

export const DirectorySyncErrorCode = {
  /** DIRECTORY_KIND=local: accounts live here, there is nothing to sync from. */
  NotConfigured: 'DIRECTORY_SYNC_NOT_CONFIGURED',
  /** Another process holds the sync's lease. */
  AlreadyRunning: 'DIRECTORY_SYNC_ALREADY_RUNNING',
} as const;
export type DirectorySyncErrorCode = (typeof DirectorySyncErrorCode)[keyof typeof DirectorySyncErrorCode];

export class DirectorySyncException extends DomainException<DirectorySyncErrorCode> {
  protected readonly statusByCode: Record<DirectorySyncErrorCode, number> = {
    DIRECTORY_SYNC_NOT_CONFIGURED: 409,
    DIRECTORY_SYNC_ALREADY_RUNNING: 409,
  };
}
