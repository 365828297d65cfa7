import { Box, Stack } from '@mui/material';
import { Loading, Title, usePermissions } from 'react-admin';
import { Navigate } from 'react-router-dom';
import { hasRole, type Permissions } from './authProvider';
import { SupervisorDashboard } from './dashboard/SupervisorDashboard';
import { MyOpenTicketsCard } from './tickets/MyOpenTicketsCard';

/** Supervisors see how the desk is doing, then their own queue; agents their own open tickets; unenrolled members go to their profile. */
export const Dashboard = () => {
  const { permissions, isPending } = usePermissions<Permissions>();
  if (isPending) return <Loading />;
  if (permissions?.mfaEnrollmentRequired) return <Navigate to="/profile" replace />;
  return (
    <Stack spacing={2} sx={{ mt: 1, mb: 2 }}>
      <Title title="ResetDesk" />
      {hasRole(permissions, 'supervisor') && <SupervisorDashboard />}
      <Box sx={{ maxWidth: 900 }}>
        <MyOpenTicketsCard />
      </Box>
    </Stack>
  );
};
