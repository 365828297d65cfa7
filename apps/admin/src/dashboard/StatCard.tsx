import { Card, CardActionArea, CardContent, Skeleton, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

interface StatCardProps {
  id: string;
  title: string;
  value: ReactNode;
  caption?: ReactNode;
  /** The filtered list behind the figure. */
  to: string;
  loading?: boolean;
  /** A coloured edge for a figure that asks for attention. */
  borderColor?: string;
}

/** A headline figure; the whole card opens the list it counts. */
export const StatCard = ({ id, title, value, caption, to, loading, borderColor }: StatCardProps) => (
  <Card
    variant="outlined"
    sx={{ flex: '1 1 180px', minWidth: 180, ...(borderColor ? { borderColor, borderWidth: 2 } : {}) }}
    data-testid={`stat-${id}`}
  >
    <CardActionArea component={Link} to={to} sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="overline" color="text.secondary" sx={{ lineHeight: 1.4, display: 'block' }}>
          {title}
        </Typography>
        <Typography variant="h4" component="div" data-testid={`stat-${id}-value`}>
          {loading ? <Skeleton width={80} /> : value}
        </Typography>
        {caption && (
          <Typography variant="body2" color="text.secondary">
            {loading ? <Skeleton /> : caption}
          </Typography>
        )}
      </CardContent>
    </CardActionArea>
  </Card>
);
