import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import WarningIcon from '@mui/icons-material/Warning';
import { Card, CardContent, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import type { ServiceState } from '@resetdesk/system/system-status.types';

const LOOK = {
  up: { label: 'Healthy', color: 'success', Icon: CheckCircleIcon },
  degraded: { label: 'Degraded', color: 'warning', Icon: WarningIcon },
  down: { label: 'Down', color: 'error', Icon: ErrorIcon },
} as const;

export const ServiceCard = ({ name, state, children }: { name: string; state?: ServiceState; children?: ReactNode }) => {
  const look = state ? LOOK[state.status] : undefined;
  return (
    <Card variant="outlined" sx={{ flex: 1, minWidth: 200 }} data-testid={`service-${name.toLowerCase()}`}>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          {look && <look.Icon color={look.color} />}
          <Typography variant="h6">{name}</Typography>
        </Stack>
        <Typography variant="body2" color={look ? `${look.color}.main` : 'text.secondary'} data-testid="service-status">
          {look ? look.label : 'Checking…'}
        </Typography>
        {state?.message && (
          <Typography variant="caption" color="text.secondary" component="div" data-testid="service-message">
            {state.message}
          </Typography>
        )}
        {children}
      </CardContent>
    </Card>
  );
};
