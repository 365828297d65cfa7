import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import { Card, CardContent, Stack, Typography } from '@mui/material';
import type { ServiceState } from '@resetdesk/system/system-status';


export const ServiceCard = ({ name, state }: { name: string; state?: ServiceState }) => {
  const up = state?.status === 'up';
  return (
    <Card variant="outlined" sx={{ flex: 1, minWidth: 200 }} data-testid={`service-${name.toLowerCase()}`}>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          {state && (up ? <CheckCircleIcon color="success" /> : <ErrorIcon color="error" />)}
          <Typography variant="h6">{name}</Typography>
        </Stack>
        <Typography variant="body2" color={up ? 'success.main' : 'error.main'} data-testid="service-status">
          {state ? (up ? 'Healthy' : 'Down') : 'Checking…'}
        </Typography>
        {state?.message && (
          <Typography variant="caption" color="text.secondary">
            {state.message}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
};
