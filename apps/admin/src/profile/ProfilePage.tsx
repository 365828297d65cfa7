import { Alert, Box, Card, CardContent, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Loading, Title } from 'react-admin';
import type { Profile } from '../authProvider';
import { getJson } from '../httpClient';
import { ChangePasswordForm } from './ChangePasswordForm';
import { TwoFactorSetup } from './TwoFactorSetup';

export const ProfilePage = () => {
  const { data: profile, refetch } = useQuery({ queryKey: ['profile'], queryFn: () => getJson<Profile>('/auth/me') });
  if (!profile) return <Loading />;
  return (
    <Box sx={{ p: 2, maxWidth: 900 }}>
      <Title title="Your profile" />
      {profile.mfaEnrollmentRequired && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="mfa-required-banner">
          Your role requires two-factor sign-in. Set it up below to use the rest of ResetDesk.
        </Alert>
      )}
      <Stack spacing={2}>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6">{profile.name}</Typography>
            <Typography color="text.secondary">
              {profile.email} · {profile.role}
            </Typography>
          </CardContent>
        </Card>
        <TwoFactorSetup profile={profile} onChanged={() => refetch()} />
        <ChangePasswordForm />
      </Stack>
    </Box>
  );
};
