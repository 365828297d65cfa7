import { Box, Card, CardContent, Typography } from '@mui/material';
import { Loading, Title, useGetIdentity, usePermissions } from 'react-admin';
import { Navigate } from 'react-router-dom';
import { hasRole, type Permissions } from './authProvider';
import { SystemPage } from './system/SystemPage';

/** Supervisors land on the System page; agents on a welcome until their ticket queue exists; unenrolled members on their profile. */
export const Dashboard = () => {
  const { permissions, isPending } = usePermissions<Permissions>();
  const { identity } = useGetIdentity();
  if (isPending) return <Loading />;
  if (permissions?.mfaEnrollmentRequired) return <Navigate to="/profile" replace />;
  if (hasRole(permissions, 'supervisor')) return <SystemPage />;
  return (
    <Box sx={{ p: 2 }}>
      <Title title="ResetDesk" />
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h5" gutterBottom>
            Welcome{identity ? `, ${identity.fullName}` : ''}
          </Typography>
          <Typography color="text.secondary">Your open tickets are under Tickets (filter "Mine"). Set up two-factor sign-in on your profile.</Typography>
        </CardContent>
      </Card>
    </Box>
  );
};
