import { Filters, ListSpec } from '@resetdesk/core';

export interface AuditEventListFilter {
  id: number[];
  actorType: 'staff' | 'account' | 'system' | 'anonymous';
  actorId: string;
  actorLabel: string;
  action: string;
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
    targetType: Filters.text(32),
    targetId: Filters.text(64),
    ticketId: Filters.ids(),
    accountId: Filters.ids(),
    from: Filters.dateTime(),
    to: Filters.dateTime(),
    q: Filters.text(),
  },
};
