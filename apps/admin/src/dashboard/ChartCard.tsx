import { Box, Card, CardContent, Link as MuiLink, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

interface ChartCardProps {
  id: string;
  title: string;
  /** The filtered list behind the chart. */
  to: string;
  linkLabel: string;
  footer?: ReactNode;
  children: ReactNode;
  empty?: boolean;
}

/** A chart with its title and the list it summarises. */
export const ChartCard = ({ id, title, to, linkLabel, footer, children, empty }: ChartCardProps) => (
  <Card variant="outlined" sx={{ flex: '1 1 420px', minWidth: 320 }} data-testid={`chart-${id}`}>
    <CardContent>
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'baseline', mb: 1 }}>
        <Typography variant="h6">{title}</Typography>
        <MuiLink component={Link} to={to} variant="body2">
          {linkLabel}
        </MuiLink>
      </Stack>
      <Box sx={{ height: 240, position: 'relative' }}>
        {children}
        {empty && (
          <Typography
            color="text.secondary"
            sx={{ position: 'absolute', inset: 0, display: 'grid', placeItems: 'center', pointerEvents: 'none' }}
          >
            Nothing in this range
          </Typography>
        )}
      </Box>
      {footer && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {footer}
        </Typography>
      )}
    </CardContent>
  </Card>
);
