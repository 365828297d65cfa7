import type { RequestContext } from '@resetdesk/core';
import type { AuditAction, AuditActor, AuditTarget } from './audit.types';

/** One event for the trail, as a domain records it (server side only: the admin UI reads `audit.types`). */
export interface AuditEventInput {
  actor: AuditActor;
  action: AuditAction;
  target?: AuditTarget;
  ticketId?: number | null;
  accountId?: number | null;
  context?: RequestContext | null;
  /** Free-form facts about the action; secrets are redacted before storage. */
  details?: Record<string, unknown>;
}
