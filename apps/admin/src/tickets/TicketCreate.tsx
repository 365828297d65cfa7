import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import { useFormContext, useWatch } from 'react-hook-form';
import { Link } from 'react-router-dom';
import {
  AutocompleteInput,
  Create,
  ReferenceInput,
  required,
  SelectInput,
  SimpleForm,
  TextInput,
  useGetList,
  useGetOne,
  useRecordContext,
} from 'react-admin';
import type { Account, Ticket } from '../api/types';
import { AccountStatusChip } from '../accounts/AccountStatusField';
import { maskEmail } from '../shared/maskEmail';
import { CHANNEL_CHOICES, PRIORITY_CHOICES } from './TicketStatusField';
import { useSavedNotice } from '../shared/savedNotice';

/** What most calls are about; the agent picks one or writes their own. */
export const SUBJECT_TEMPLATES = ['Locked out', 'Forgot password', 'Password expired', 'Account disabled'];

export const accountText = (account: Pick<Account, 'displayName' | 'username'>) => `${account.displayName} (${account.username})`;

const AccountBadges = ({ account }: { account: Pick<Account, 'status' | 'privileged'> }) => (
  <>
    <AccountStatusChip status={account.status} variant="outlined" sx={{ ml: 1 }} />
    {account.privileged && <Chip size="small" label="privileged" color="secondary" variant="outlined" sx={{ ml: 0.5 }} />}
  </>
);

/** One option of the picker: name, username, masked email and the badges an agent must see before choosing. */
export const AccountOption = () => {
  const account = useRecordContext<Account>();
  if (!account) return null;
  return (
    <Box data-testid="account-option" sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap' }}>
      <span>{accountText(account)}</span>
      <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 1 }}>
        {maskEmail(account.email)}
      </Typography>
      <AccountBadges account={account} />
    </Box>
  );
};

/** After choosing: who the ticket is for, in a strip the agent reads back to the caller, and their open tickets. */
const ChosenAccount = () => {
  const accountId = useWatch({ name: 'accountId' }) as number | undefined;
  const { data: account } = useGetOne<Account>('accounts', { id: accountId! }, { enabled: !!accountId });
  const { data: open } = useGetList<Ticket>(
    'tickets',
    { filter: { accountId: [accountId], active: true }, pagination: { page: 1, perPage: 5 }, sort: { field: 'id', order: 'DESC' } },
    { enabled: !!accountId },
  );
  if (!accountId || !account) return null;
  return (
    <Stack spacing={1} sx={{ width: '100%', mb: 2 }} data-testid="chosen-account">
      <Alert severity={account.status === 'active' ? 'info' : 'warning'} icon={false}>
        <strong>{account.displayName}</strong> · {account.username} · {maskEmail(account.email)}
        <AccountBadges account={account} />
        <Typography variant="body2" sx={{ mt: 0.5 }}>
          Confirm with the caller that this is them before sending a code.
        </Typography>
      </Alert>
      {!!open?.length && (
        <Alert severity="warning" data-testid="open-ticket-warning">
          {account.displayName} already has {open.length === 1 ? 'an open ticket' : `${open.length} open tickets`}:{' '}
          {open.map((ticket, index) => (
            <span key={ticket.id}>
              {index > 0 && ', '}
              <Link to={`/tickets/${ticket.id}/show`}>
                #{ticket.id} {ticket.subject}
              </Link>
            </span>
          ))}
          . Work on it instead of opening another?
        </Alert>
      )}
    </Stack>
  );
};

/** Fills the subject with a common one; the field stays free text. */
const SubjectTemplates = () => {
  const { setValue } = useFormContext();
  return (
    <Stack direction="row" spacing={1} sx={{ mb: 1, flexWrap: 'wrap' }} aria-label="Common reasons for a call">
      {SUBJECT_TEMPLATES.map((subject) => (
        <Chip key={subject} label={subject} onClick={() => setValue('subject', subject, { shouldDirty: true, shouldValidate: true })} />
      ))}
    </Stack>
  );
};

/** Accounts as the server ranks them for what is typed (exact and prefix matches first), each with its badges. */
export const AccountPicker = () => (
  <ReferenceInput source="accountId" reference="accounts" sort={{ field: 'relevance', order: 'ASC' }}>
    <AutocompleteInput
      label="Account"
      optionText={<AccountOption />}
      inputText={accountText}
      // The server searches and ranks; the picker shows what it answers, in order.
      matchSuggestion={() => true}
      filterToQuery={(q: string) => ({ q })}
      validate={required()}
      fullWidth
    />
  </ReferenceInput>
);

export const TicketCreate = () => (
  <Create
    mutationOptions={useSavedNotice(
      (ticket: { id: number; accountDisplayName: string }) => `Ticket #${ticket.id} for ${ticket.accountDisplayName}`,
      'opened',
      'show',
    )}
    title="New ticket"
  >
    <SimpleForm sx={{ maxWidth: 760 }} defaultValues={{ channel: 'phone', priority: 'normal' }}>
      <AccountPicker />
      <ChosenAccount />
      <SubjectTemplates />
      <TextInput source="subject" validate={required()} fullWidth />
      <TextInput source="description" multiline minRows={3} fullWidth />
      <SelectInput source="channel" choices={CHANNEL_CHOICES} validate={required()} />
      <SelectInput source="priority" choices={PRIORITY_CHOICES} />
    </SimpleForm>
  </Create>
);
