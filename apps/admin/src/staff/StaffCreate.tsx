import { Create, email, minLength, PasswordInput, required, SelectInput, SimpleForm, TextInput } from 'react-admin';
import { ROLE_CHOICES } from './roles';
import { useSavedNotice } from '../shared/savedNotice';

export const StaffCreate = () => (
  <Create
    mutationOptions={useSavedNotice(
      (member: { name: string; email: string }) => `Staff member ${member.name} (${member.email})`,
      'created',
      'list',
    )}
    title="New staff member"
  >
    <SimpleForm>
      <TextInput source="email" validate={[required(), email()]} fullWidth />
      <TextInput source="name" validate={required()} fullWidth />
      <SelectInput source="role" choices={ROLE_CHOICES} validate={required()} defaultValue="agent" />
      <PasswordInput
        source="password"
        label="Initial password"
        helperText="At least 12 characters; tell it to them in person or by phone"
        validate={[required(), minLength(12)]}
        fullWidth
      />
    </SimpleForm>
  </Create>
);
