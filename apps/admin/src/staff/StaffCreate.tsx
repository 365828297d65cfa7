import {
  Create,
  email,
  FormDataConsumer,
  minLength,
  PasswordInput,
  RadioButtonGroupInput,
  required,
  SelectInput,
  SimpleForm,
  TextInput,
} from 'react-admin';
import { useSavedNotice } from '../shared/savedNotice';
import { ROLE_CHOICES, ROLE_HELP } from './roles';

const HOW = [
  { id: 'invite', name: 'Email them an invitation to choose their own password (72 hours)' },
  { id: 'password', name: 'Set an initial password and tell it to them in person or by phone' },
];

interface NewMember {
  email: string;
  name: string;
  role: string;
  how: 'invite' | 'password';
  password?: string;
}

// The API takes an invitation or a password, never both.
const toRequest = ({ how, password, ...member }: NewMember) => (how === 'invite' ? { ...member, invite: true } : { ...member, password });

export const StaffCreate = () => (
  <Create
    transform={toRequest}
    mutationOptions={useSavedNotice(
      (member: { name: string; email: string; invitationExpiresAt: string | null }) =>
        `Staff member ${member.name} (${member.email}) ${member.invitationExpiresAt ? 'invited' : 'created'}`,
      null,
      'list',
    )}
    title="New staff member"
  >
    <SimpleForm defaultValues={{ how: 'invite', role: 'agent' }}>
      <TextInput source="email" validate={[required(), email()]} fullWidth />
      <TextInput source="name" validate={required()} fullWidth />
      <SelectInput source="role" choices={ROLE_CHOICES} validate={required()} helperText={ROLE_HELP} />
      <RadioButtonGroupInput source="how" label="How they get their password" choices={HOW} row={false} />
      <FormDataConsumer<NewMember>>
        {({ formData }) =>
          formData.how === 'password' && (
            <PasswordInput
              source="password"
              label="Initial password"
              helperText="At least 12 characters; tell it to them in person or by phone"
              validate={[required(), minLength(12)]}
              fullWidth
            />
          )
        }
      </FormDataConsumer>
    </SimpleForm>
  </Create>
);
