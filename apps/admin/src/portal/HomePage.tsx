import { Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';

const CHOICES = [
  { to: '/forgot-password', label: 'Forgot password', text: 'Get a code by email and choose a new password.' },
  {
    to: '/change-password',
    label: 'Change password',
    text: 'Know your password, have a temporary one from support, or yours expired? Choose a new one.',
  },
  { to: '/contact', label: 'Contact support', text: 'Open a ticket; an agent contacts you and names its number.' },
  {
    to: '/authenticator',
    label: 'Authenticator app',
    text: 'Set up an app on your phone, so support can tell it is really you who calls.',
  },
  {
    to: '/personal-email',
    label: 'Personal email',
    text: 'Add an address of your own, where support can send a code when you cannot sign in.',
  },
  { to: '/help', label: 'Help', text: 'Reset by chat with #resetpassword#, and how to tell a real agent from a fake one.' },
];

/** Where account holders land. */
export const HomePage = () => (
  <Card variant="outlined">
    <CardContent>
      <Typography variant="h5" component="h1" gutterBottom>
        Help with your account
      </Typography>
      <Stack spacing={2} sx={{ mt: 2 }}>
        {CHOICES.map((choice) => (
          <Stack key={choice.to} direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
            <Button component={RouterLink} to={choice.to} variant="contained" sx={{ minWidth: 180 }}>
              {choice.label}
            </Button>
            <Typography color="text.secondary">{choice.text}</Typography>
          </Stack>
        ))}
        <Typography color="text.secondary">
          Got a reset link by email? Open it as it is: it brings you to the page where you choose a new password.
        </Typography>
      </Stack>
    </CardContent>
  </Card>
);
