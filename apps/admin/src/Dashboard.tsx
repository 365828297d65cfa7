import { Box, Stack } from '@mui/material';
import { lazy, Suspense } from 'react';
import { Loading, Title, usePermissions } from 'react-admin';
import { Navigate } from 'react-router-dom';
import { hasRole, type Permissions } from './authProvider';
import { NeedsActionBoard } from './dashboard/NeedsActionBoard';
import { ApprovalsWaitingCard } from './tickets/ApprovalsWaitingCard';
import { MyOpenTicketsCard } from './tickets/MyOpenTicketsCard';

// The charts (recharts) are a third of the bundle and only supervisors see them: loaded when first shown,
// so the sign-in page and an agent's first screen do not wait for them.
const SupervisorDashboard = lazy(() =>
  import('./dashboard/SupervisorDashboard').then((module) => ({ default: module.SupervisorDashboard })),
);

/** Supervisors see how the desk is doing, then their own queue; agents their own open tickets; unenrolled members go to their profile. */
export const Dashboard = () => {
  const { permissions, isPending } = usePermissions<Permissions>();
  if (isPending) return <Loading />;
  if (permissions?.mfaEnrollmentRequired) return <Navigate to="/profile" replace />;
  return (
    <Stack spacing={2} sx={{ mt: 1, mb: 2 }}>
      <Title title="ResetDesk" />
      {hasRole(permissions, 'supervisor') && <NeedsActionBoard />}
      {hasRole(permissions, 'supervisor') && <ApprovalsWaitingCard />}
      {hasRole(permissions, 'supervisor') && (
        <Suspense fallback={<Loading />}>
          <SupervisorDashboard />
        </Suspense>
      )}
      <Box sx={{ maxWidth: 900 }}>
        <MyOpenTicketsCard />
      </Box>
    </Stack>
  );
};
