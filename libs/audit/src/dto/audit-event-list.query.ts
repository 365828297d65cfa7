import { Filters, ListSpec } from '@resetdesk/core';
import { AUDIT_ACTION_GROUP_KEYS, AuditActionGroup } from '../audit.types';

export interface AuditEventListFilter {
  id: number[];
  actorType: 'staff' | 'account' | 'system' | 'anonymous';
  actorId: string;
  actorLabel: string;
  action: string;
  /** A family of actions ("resets", "sign-ins"): see AUDIT_ACTION_GROUPS. */
  actionGroup: AuditActionGroup;
  /** Events done by these staff members (the picker's choice; the label may have changed since). */
  staffId: number[];
  targetType: string;
  targetId: string;
  ticketId: number[];
  accountId: number[];
  from: Date;
  to: Date;
  q: string;
}

export const auditEventListSpec: ListSpec<AuditEventListFilter> = {
  resource: 'audit-events',
  sortable: ['id', 'seq', 'occurredAt', 'action'],
  defaultSort: { field: 'id', order: 'DESC' },
  filters: {
    id: Filters.ids(),
    actorType: Filters.oneOf(['staff', 'account', 'system', 'anonymous'] as const),
    actorId: Filters.text(64),
    actorLabel: Filters.text(320),
    action: Filters.text(64),
    actionGroup: Filters.oneOf(AUDIT_ACTION_GROUP_KEYS),
    staffId: Filters.ids(),
    targetType: Filters.text(32),
    targetId: Filters.text(64),
    ticketId: Filters.ids(),
    accountId: Filters.ids(),
    from: Filters.dateTime(),
    to: Filters.dateTime(),
    q: Filters.text(),
  },
};

/** The export reads the same filters, and `tz` for its local-time column. */
export const auditEventExportSpec: ListSpec<AuditEventListFilter> = { ...auditEventListSpec, extraParams: ['tz'] };
