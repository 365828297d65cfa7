import { Box, Button, List as MuiList, ListItem, ListItemText, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  BooleanField,
  CreateButton,
  Datagrid,
  DateField,
  EditButton,
  Labeled,
  NumberField,
  Pagination,
  ReferenceManyField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useNotify,
  usePermissions,
  useRecordContext,
} from 'react-admin';
import type { AuthenticatorState } from '../api/types';
import { deleteJson, errorMessage, getJson } from '../httpClient';
import { hasRole, type Permissions } from '../authProvider';
import { NotificationStatusField } from '../notifications/NotificationStatusField';
import { RetryButton } from '../notifications/RetryButton';
import { listLink } from '../shared/listLink';
import { AccountStatusField, ExpiryField } from './AccountStatusField';

const Actions = () => {
  const { permissions } = usePermissions<Permissions>();
  const account = useRecordContext<{ id: number }>();
  return (
    <TopToolbar>
      {/* Starting a call from the account: the new ticket's picker already holds it. */}
      {account && hasRole(permissions, 'verifier') && (
        <CreateButton resource="tickets" label="New ticket for this account" state={{ record: { accountId: account.id } }} />
      )}
      {hasRole(permissions, 'admin') && <EditButton />}
    </TopToolbar>
  );
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
        <Link to={listLink('audit-events', { accountId: record.id })}>Audit trail of this account</Link>
      )}
    </Box>
  );
};

/** Whether the holder set up an authenticator app (never its secret); an admin removes a lost phone's. */
const Authenticator = () => {
  const record = useRecordContext<{ id: number }>();
  const { permissions } = usePermissions<Permissions>();
  const notify = useNotify();
  const [state, setState] = useState<AuthenticatorState>();
  const [busy, setBusy] = useState(false);
  const id = record?.id;
  useEffect(() => {
    if (id === undefined) return;
    getJson<AuthenticatorState>(`/accounts/${id}/authenticator`).then(setState, () => setState(undefined));
  }, [id]);
  if (!state) return null;
  const remove = async () => {
    if (!window.confirm('Remove the holder’s authenticator app? Its codes stop verifying callers; the holder is emailed.')) return;
    setBusy(true);
    try {
      setState(await deleteJson<AuthenticatorState>(`/accounts/${id}/authenticator`));
      notify('Authenticator app removed; the holder can set up a new one on the portal', { type: 'success' });
    } catch (failure) {
      notify(errorMessage(failure, 'Could not remove the authenticator app'), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Labeled label="Authenticator app">
      <Box data-testid="account-authenticator">
        {state.enrolled ? `set up ${new Date(state.enrolledAt!).toLocaleString()}` : 'not set up (the holder does it on the portal)'}
        {state.enrolled && hasRole(permissions, 'admin') && (
          <Button size="small" color="warning" sx={{ ml: 2 }} onClick={remove} disabled={busy}>
            Remove
          </Button>
        )}
      </Box>
    </Labeled>
  );
};

/** The account's expiry reminders from the delivery log (supervisors read it), with retry on failed ones. */
const Reminders = () => {
  const { permissions } = usePermissions<Permissions>();
  if (!hasRole(permissions, 'supervisor')) return null;
  return (
    <Labeled label="Expiry reminders" fullWidth>
      <ReferenceManyField
        reference="notifications"
        target="accountId"
        filter={{ kind: 'expiry-reminder' }}
        sort={{ field: 'id', order: 'DESC' }}
        perPage={10}
        pagination={<Pagination />}
      >
        <Datagrid rowClick="show" bulkActionButtons={false} empty={<span>No reminders sent yet</span>} data-testid="account-reminders">
          <DateField source="createdAt" label="Queued" showTime />
          <NumberField source="milestone" label="Days before expiry" />
          <TextField source="subject" />
          <NotificationStatusField label="Status" />
          <DateField source="sentAt" label="Sent" showTime emptyText="—" />
          <RetryButton />
        </Datagrid>
      </ReferenceManyField>
    </Labeled>
  );
};

export const AccountShow = () => (
  <Show actions={<Actions />} title="Account">
    <SimpleShowLayout>
      <TextField source="username" />
      <TextField source="displayName" label="Name" />
      <TextField source="email" />
      <TextField source="personalEmail" label="Personal email" emptyText="none on record" />
      <TextField source="phone" label="Phone (to call back on)" emptyText="none on record" />
      <TextField source="managerName" label="Manager" emptyText="none on record" />
      <TextField source="chatId" label="Chat id" emptyText="not linked" />
      <TextField
        source="directoryDn"
        label="Directory entry (where the password is set)"
        emptyText="none: the password is kept in ResetDesk"
      />
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
      <Authenticator />
      <PasswordHistory />
      <Reminders />
    </SimpleShowLayout>
  </Show>
);
