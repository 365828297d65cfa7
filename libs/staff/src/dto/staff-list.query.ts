import { Filters, ListSpec } from '@resetdesk/core';
import { STAFF_ROLES, StaffRole } from '../staff-roles';

export interface StaffListFilter {
  id: number[];
  role: StaffRole;
  disabled: boolean;
  q: string;
}

export const staffListSpec: ListSpec<StaffListFilter> = {
  resource: 'staff',
  sortable: ['id', 'email', 'name', 'role', 'createdAt', 'lastLoginAt'],
  defaultSort: { field: 'name', order: 'ASC' },
  filters: { id: Filters.ids(), role: Filters.oneOf(STAFF_ROLES), disabled: Filters.bool(), q: Filters.text() },
};
