import { Alert, Link } from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';

export const NotFoundPage = () => (
  <Alert severity="info">
    This page does not exist.{' '}
    <Link component={RouterLink} to="/">
      Back to account help
    </Link>
  </Alert>
);
