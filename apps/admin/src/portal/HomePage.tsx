import { Card, CardContent, Typography } from '@mui/material';

/** Where account holders land. */
export const HomePage = () => (
  <Card variant="outlined">
    <CardContent>
      <Typography variant="h5" component="h1" gutterBottom>
        Help with your account
      </Typography>
      <Typography sx={{ mb: 2 }}>
        Locked out? Call or write to our support team: they open a ticket, email you a one-time code naming the ticket and the agent, and once you read it back
        they send you a reset link or a temporary password.
      </Typography>
      <Typography color="text.secondary">Got a reset link by email? Open it as it is: it brings you to the page where you choose a new password.</Typography>
    </CardContent>
  </Card>
);
