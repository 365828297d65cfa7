import { Box, Stack } from '@mui/material';
import { Loading, Title, usePermissions } from 'react-admin';
import { Navigate } from 'react-router-dom';
import { hasRole, type Permissions } from './authProvider';
import { SystemPage } from './system/SystemPage';
import { MyOpenTicketsCard } from './tickets/MyOpenTicketsCard';

/** Everyone sees their own open tickets first; supervisors also the System page; unenrolled members go to their profile. */
export const Dashboard = () => {
  const { permissions, isPending } = usePermissions<Permissions>();
  if (isPending) return <Loading />;
  if (permissions?.mfaEnrollmentRequired) return <Navigate to="/profile" replace />;
  return (
    <Stack spacing={2} sx={{ mt: 1 }}>
      <Title title="ResetDesk" />
      <Box sx={{ maxWidth: 900 }}>
        <MyOpenTicketsCard />
      </Box>
      {hasRole(permissions, 'supervisor') && <SystemPage />}
    </Stack>
  );
};
