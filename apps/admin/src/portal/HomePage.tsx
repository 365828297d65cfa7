import { Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';

/** Where account holders land. */
export const HomePage = () => (
  <Card variant="outlined">
    <CardContent>
      <Typography variant="h5" component="h1" gutterBottom>
        Help with your account
      </Typography>
      <Stack spacing={2}>
        <Typography>
          Know your password, or got a temporary one from support, or yours has expired? Choose a new one here.
        </Typography>
        <Button component={RouterLink} to="/change-password" variant="contained" sx={{ alignSelf: 'flex-start' }}>
          Change password
        </Button>
        <Typography>
          Locked out? Call or write to our support team: they open a ticket, send you a one-time code naming the ticket and the agent, and once you read it back
          they send you a reset link or a temporary password.
        </Typography>
        <Typography color="text.secondary">Got a reset link by email? Open it as it is: it brings you to the page where you choose a new password.</Typography>
      </Stack>
    </CardContent>
  </Card>
);
