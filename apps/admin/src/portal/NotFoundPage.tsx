import { Alert, Card, CardContent, Link, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';

/** A portal address that is no page: its own heading, like every page, and the way back. */
export const NotFoundPage = () => (
  <Card variant="outlined">
    <CardContent>
      <Typography variant="h5" component="h1" gutterBottom>
        Page not found
      </Typography>
      <Alert severity="info">
        This page does not exist.{' '}
        <Link component={RouterLink} to="/">
          Back to account help
        </Link>
      </Alert>
    </CardContent>
  </Card>
);
