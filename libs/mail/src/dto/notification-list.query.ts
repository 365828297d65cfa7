import { Filters, ListSpec } from '@resetdesk/core';
import { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES, NotificationChannel, NotificationStatus } from '../notification.entity';
import { MAIL_KINDS, MailKind } from '../templates';

export interface NotificationListFilter {
  id: number[];
  status: NotificationStatus;
  kind: MailKind;
  channel: NotificationChannel;
  milestone: number;
  accountId: number[];
  recipient: string;
  q: string;
  createdFrom: Date;
  createdTo: Date;
}

export const notificationListSpec: ListSpec<NotificationListFilter> = {
  resource: 'notifications',
  sortable: ['id', 'createdAt', 'updatedAt', 'sentAt', 'status', 'kind', 'attempts', 'recipient'],
  defaultSort: { field: 'id', order: 'DESC' },
  filters: {
    id: Filters.ids(),
    status: Filters.oneOf(NOTIFICATION_STATUSES),
    kind: Filters.oneOf(MAIL_KINDS),
    channel: Filters.oneOf(NOTIFICATION_CHANNELS),
    milestone: Filters.int(0, 365, 'days'),
    accountId: Filters.ids(),
    recipient: Filters.text(320),
    q: Filters.text(),
    createdFrom: Filters.dateTime(),
    createdTo: Filters.dateTime(),
  },
};
