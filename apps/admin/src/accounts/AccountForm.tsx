import { Box } from '@mui/material';
import { useWatch } from 'react-hook-form';
import {
  AutocompleteInput,
  BooleanInput,
  email,
  PasswordInput,
  ReferenceInput,
  required,
  SelectInput,
  SimpleForm,
  TextInput,
} from 'react-admin';
import { PasswordChecklist } from '../shared/PasswordChecklist';

/** Live checklist for the password being typed, against the policy picked in this form. */
const PasswordWithChecklist = ({ creating }: { creating: boolean }) => {
  const password = useWatch({ name: 'password' }) as string | undefined;
  const policyId = useWatch({ name: 'policyId' }) as number | null | undefined;
  const username = useWatch({ name: 'username' }) as string | undefined;
  const email = useWatch({ name: 'email' }) as string | undefined;
  const displayName = useWatch({ name: 'displayName' }) as string | undefined;
  return (
    <Box sx={{ width: '100%' }}>
      <PasswordInput
        source="password"
        label={creating ? 'Password' : 'New password'}
        helperText={
          creating
            ? "Optional first password, checked against the account's policy"
            : "Leave empty to keep the current one; checked against the account's policy"
        }
        fullWidth
      />
      {password && <PasswordChecklist password={password} policyId={policyId ?? undefined} person={{ username, email, displayName }} />}
    </Box>
  );
};

interface AccountChoice {
  id: number;
  username: string;
  displayName: string;
}

/** Another account, found by name as the account list searches (the API refuses the account itself). */
const ManagerInput = () => {
  return (
    <ReferenceInput source="managerId" reference="accounts">
      <AutocompleteInput
        label="Manager"
        optionText={(choice: AccountChoice) => `${choice.displayName} (${choice.username})`}
        filterToQuery={(q: string) => ({ q })}
        helperText="Asked to approve when a caller claims to be this holder. A directory with a manager attribute sets it on every sync"
        parse={(value: number | '') => value || null}
        fullWidth
      />
    </ReferenceInput>
  );
};

export const AccountForm = ({ edit = false }: { edit?: boolean }) => (
  <SimpleForm sx={{ maxWidth: 640 }}>
    <TextInput source="username" validate={required()} fullWidth />
    <TextInput source="email" validate={[required(), email()]} fullWidth />
    <TextInput
      source="personalEmail"
      label="Personal email"
      helperText="Optional: codes may go here when the login mailbox is behind the password the holder lost. The holder is told of every change."
      validate={email()}
      fullWidth
      parse={(value: string) => value || null}
    />
    <TextInput
      source="phone"
      label="Phone"
      helperText="Optional, with the country code (+44 20 7946 0958): the number to call the holder back on, never one the caller gives"
      fullWidth
      parse={(value: string) => value || null}
    />
    <TextInput source="displayName" label="Name" validate={required()} fullWidth />
    <TextInput
      source="chatId"
      label="Chat id"
      helperText="The account's user id in the chat app, if linked"
      fullWidth
      parse={(value: string) => value || null}
    />
    <ManagerInput />
    <ReferenceInput source="policyId" reference="password-policies">
      <SelectInput label="Password policy" optionText="name" emptyText="Default policy" fullWidth />
    </ReferenceInput>
    <BooleanInput source="privileged" label="Privileged: resets need a supervisor's approval" />
    {edit && (
      <SelectInput
        source="status"
        choices={[
          { id: 'active', name: 'active' },
          { id: 'disabled', name: 'disabled' },
        ]}
        helperText="Expired and locked are set by ResetDesk"
      />
    )}
    <PasswordWithChecklist creating={!edit} />
  </SimpleForm>
);
