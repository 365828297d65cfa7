import {
  BooleanInput,
  DateField,
  Edit,
  Labeled,
  minLength,
  PasswordInput,
  required,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  Toolbar,
  TopToolbar,
} from 'react-admin';
import { ResendInvitationButton, ResetTwoFactorButton, UnlockButton } from './StaffActions';
import { ROLE_CHOICES, ROLE_HELP } from './roles';
import { useSavedNotice } from '../shared/savedNotice';

const Actions = () => (
  <TopToolbar>
    <ResendInvitationButton />
    <UnlockButton />
    <ResetTwoFactorButton />
  </TopToolbar>
);

// No delete button: members are disabled so the audit trail keeps its actors.
const FormToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

interface StaffForm {
  name: string;
  role: string;
  disabled: boolean;
  password?: string;
}

// The API accepts only the fields an admin may change; an empty password means "keep it".
const onlyEditable = ({ name, role, disabled, password }: StaffForm) => ({ name, role, disabled, ...(password ? { password } : {}) });

export const StaffEdit = () => (
  <Edit
    actions={<Actions />}
    mutationMode="pessimistic"
    mutationOptions={useSavedNotice((member: { name: string }) => `Staff member ${member.name}`, 'saved', 'list')}
    title="Staff member"
    transform={onlyEditable}
  >
    <SimpleForm toolbar={<FormToolbar />}>
      <Labeled label="Email">
        <TextField source="email" />
      </Labeled>
      <TextInput source="name" validate={required()} fullWidth />
      <SelectInput source="role" choices={ROLE_CHOICES} validate={required()} helperText={ROLE_HELP} />
      <BooleanInput source="disabled" helperText="Disabled members cannot sign in; they are signed out everywhere" />
      <PasswordInput
        source="password"
        label="New password"
        helperText="Leave empty to keep the current one; setting one signs them out everywhere"
        validate={minLength(12)}
        fullWidth
      />
      <Labeled label="Last sign-in">
        <DateField source="lastLoginAt" showTime emptyText="never" />
      </Labeled>
    </SimpleForm>
  </Edit>
);
