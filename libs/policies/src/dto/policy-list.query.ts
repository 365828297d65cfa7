import { Filters, ListSpec } from '@resetdesk/core';

export interface PolicyListFilter {
  id: number[];
  q: string;
}

export const policyListSpec: ListSpec<PolicyListFilter> = {
  resource: 'password-policies',
  sortable: ['id', 'name', 'minLength', 'maxAgeDays'],
  defaultSort: { field: 'name', order: 'ASC' },
  filters: { id: Filters.ids(), q: Filters.text() },
};
