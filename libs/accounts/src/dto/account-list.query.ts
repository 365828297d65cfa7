import { Filters, ListSpec } from '@resetdesk/core';
import { ACCOUNT_STATUSES, AccountStatus } from '../account.entity';

export interface AccountListFilter {
  id: number[];
  q: string;
  status: AccountStatus;
  policyId: number[];
  privileged: boolean;
  expiringWithinDays: number;
}

export const accountListSpec: ListSpec<AccountListFilter> = {
  resource: 'accounts',
  // `relevance` ranks by how well each account matches the `q` search (by username without one).
  sortable: ['id', 'username', 'email', 'displayName', 'status', 'passwordChangedAt', 'passwordExpiresAt', 'relevance'],
  defaultSort: { field: 'username', order: 'ASC' },
  filters: {
    id: Filters.ids(),
    q: Filters.text(),
    status: Filters.oneOf(ACCOUNT_STATUSES),
    policyId: Filters.ids(),
    privileged: Filters.bool(),
    expiringWithinDays: Filters.int(0, 3650, 'days'),
  },
};
