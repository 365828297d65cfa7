import { Filters, FilterParser, ListSpec, RequestErrorCode, RequestException } from '@resetdesk/core';
import { ACCOUNT_STATUSES, AccountStatus } from '../account.entity';

export interface AccountListFilter {
  id: number[];
  q: string;
  status: AccountStatus;
  policyId: number[];
  privileged: boolean;
  expiringWithinDays: number;
}

const days: FilterParser<number> = (value, name) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 3650) {
    throw new RequestException(RequestErrorCode.InvalidQuery, `filter ${name} must be a whole number of days between 0 and 3650`);
  }
  return value;
};

export const accountListSpec: ListSpec<AccountListFilter> = {
  resource: 'accounts',
  sortable: ['id', 'username', 'email', 'displayName', 'status', 'passwordChangedAt', 'passwordExpiresAt'],
  defaultSort: { field: 'username', order: 'ASC' },
  filters: {
    id: Filters.ids(),
    q: Filters.text(),
    status: Filters.oneOf(ACCOUNT_STATUSES),
    policyId: Filters.ids(),
    privileged: Filters.bool(),
    expiringWithinDays: days,
  },
};
