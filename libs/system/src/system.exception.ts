import { DomainException } from '@resetdesk/core';

export const SystemErrorCode = {
  /** The health check found the database or Redis down; signed-in staff see which. */
  Unhealthy: 'UNHEALTHY',
} as const;
export type SystemErrorCode = (typeof SystemErrorCode)[keyof typeof SystemErrorCode];

export class SystemException extends DomainException<SystemErrorCode> {
  protected readonly statusByCode: Record<SystemErrorCode, number> = { UNHEALTHY: 503 };
}
