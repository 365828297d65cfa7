import { Box, List as MuiList, ListItem, ListItemText, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { BooleanField, DateField, EditButton, Labeled, Show, SimpleShowLayout, TextField, TopToolbar, usePermissions, useRecordContext } from 'react-admin';
import { hasRole, type Permissions } from '../authProvider';
import { AccountStatusField, ExpiryField } from './AccountStatusField';

const Actions = () => {
  const { permissions } = usePermissions<Permissions>();
  return <TopToolbar>{hasRole(permissions, 'admin') && <EditButton />}</TopToolbar>;
};

const PasswordHistory = () => {
  const record = useRecordContext<{ id: number; passwordChanges?: string[]; passwordAgeDays: number | null }>();
  const { permissions } = usePermissions<Permissions>();
  if (!record) return null;
  // The list's copy of the record (shown while the full one loads) has no history.
  const changes = record.passwordChanges ?? [];
  return (
    <Box>
      <Typography variant="subtitle2">Password changes</Typography>
      {changes.length === 0 ? (
        <Typography color="text.secondary">No password set yet</Typography>
      ) : (
        <MuiList dense data-testid="password-changes">
          {changes.map((when) => (
            <ListItem key={when} disableGutters>
              <ListItemText primary={new Date(when).toLocaleString()} />
            </ListItem>
          ))}
        </MuiList>
      )}
      {hasRole(permissions, 'supervisor') && (
        <Link to={`/audit-events?filter=${encodeURIComponent(JSON.stringify({ accountId: record.id }))}`}>Audit trail of this account</Link>
      )}
    </Box>
  );
};

export const AccountShow = () => (
  <Show actions={<Actions />} title="Account">
    <SimpleShowLayout>
      <TextField source="username" />
      <TextField source="displayName" label="Name" />
      <TextField source="email" />
      <TextField source="chatId" label="Chat id" emptyText="not linked" />
      <BooleanField source="privileged" label="Privileged (resets need supervisor approval)" />
      <AccountStatusField label="Status" />
      <TextField source="policyName" label="Password policy" />
      <Labeled label="Password age">
        <TextField source="passwordAgeDays" emptyText="no password yet" />
      </Labeled>
      <DateField source="passwordChangedAt" label="Password changed" showTime emptyText="—" />
      <Labeled label="Password expires">
        <ExpiryField />
      </Labeled>
      <BooleanField source="mustChangePassword" label="Must change password at next sign-in" />
      <PasswordHistory />
    </SimpleShowLayout>
  </Show>
);
