import { BooleanField, Datagrid, DateField, FunctionField, List, SearchInput, SelectInput, TextField } from 'react-admin';
import { ROLE_CHOICES } from './roles';
import type { StaffMember } from '../api/types';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Name or email" />,
  <SelectInput key="role" source="role" choices={ROLE_CHOICES} alwaysOn />,
];

type StaffRow = StaffMember;

export const StaffList = () => (
  <List filters={filters} sort={{ field: 'name', order: 'ASC' }} title="Staff">
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="name" />
      <TextField source="email" />
      <TextField source="role" />
      <BooleanField source="totpEnabled" label="2FA" />
      <FunctionField
        label="Status"
        render={(record: StaffRow) =>
          record.disabled
            ? 'disabled'
            : record.lockedUntil
              ? `locked until ${new Date(record.lockedUntil).toLocaleTimeString()}`
              : record.invitationExpiresAt
                ? `invited, link valid until ${new Date(record.invitationExpiresAt).toLocaleString()}`
                : 'active'
        }
      />
      <DateField source="lastLoginAt" label="Last sign-in" showTime emptyText="never" />
    </Datagrid>
  </List>
);
