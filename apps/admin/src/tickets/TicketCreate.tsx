import { AutocompleteInput, Create, ReferenceInput, required, SelectInput, SimpleForm, TextInput } from 'react-admin';
import type { Account } from '../api/types';
import { CHANNEL_CHOICES, PRIORITY_CHOICES } from './TicketStatusField';

// Search accounts by username, email or name as the agent types.
const accountLabel = (account: Pick<Account, 'displayName' | 'username' | 'email'>) =>
  `${account.displayName} (${account.username}, ${account.email})`;

export const TicketCreate = () => (
  <Create redirect="show" title="New ticket">
    <SimpleForm sx={{ maxWidth: 720 }} defaultValues={{ channel: 'phone', priority: 'normal' }}>
      <ReferenceInput source="accountId" reference="accounts">
        <AutocompleteInput
          label="Account"
          optionText={accountLabel}
          filterToQuery={(q: string) => ({ q })}
          validate={required()}
          fullWidth
        />
      </ReferenceInput>
      <TextInput source="subject" validate={required()} fullWidth />
      <TextInput source="description" multiline minRows={3} fullWidth />
      <SelectInput source="channel" choices={CHANNEL_CHOICES} validate={required()} />
      <SelectInput source="priority" choices={PRIORITY_CHOICES} />
    </SimpleForm>
  </Create>
);
