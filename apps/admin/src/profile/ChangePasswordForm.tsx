import { Card, CardContent, Typography } from '@mui/material';
import { Form, minLength, PasswordInput, required, SaveButton, useLogout, useNotify } from 'react-admin';
import { errorMessage, postJson } from '../httpClient';

const sameAs = (value: string, all: Record<string, string>) => (value !== all.newPassword ? 'Both new passwords must match' : undefined);

/** Changing your password signs you out everywhere, here too. */
export const ChangePasswordForm = () => {
  const notify = useNotify();
  const logout = useLogout();
  const submit = async (values: Record<string, unknown>) => {
    try {
      await postJson('/auth/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      notify('Password changed: sign in again with the new one', { type: 'success' });
      // Not awaited: logout redirects to the sign-in page and reports its own failures; the change already succeeded.
      void logout();
    } catch (failure) {
      notify(errorMessage(failure, 'Could not change the password'), { type: 'error' });
    }
  };
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Change password
        </Typography>
        <Form onSubmit={submit}>
          <PasswordInput source="currentPassword" label="Current password" validate={required()} fullWidth />
          <PasswordInput
            source="newPassword"
            label="New password (at least 12 characters)"
            validate={[required(), minLength(12)]}
            fullWidth
          />
          <PasswordInput source="confirmPassword" label="New password again" validate={[required(), sameAs]} fullWidth />
          <SaveButton label="Change password" alwaysEnable />
        </Form>
      </CardContent>
    </Card>
  );
};
