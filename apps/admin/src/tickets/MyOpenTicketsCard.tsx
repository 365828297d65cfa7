import { Button, Card, CardContent, List, ListItemButton, ListItemText, Stack, Typography } from '@mui/material';
import { RecordContextProvider, useGetList } from 'react-admin';
import { Link } from 'react-router-dom';
import { listLink } from '../shared/listLink';
import type { Ticket } from '../api/types';
import { TicketStatusField } from './TicketStatusField';

const MINE_NOT_FINISHED = { mine: true, active: true };

/** The agent's own unfinished tickets, most recently touched first: the queue to work through. */
export const MyOpenTicketsCard = () => {
  const { data, total, isPending } = useGetList<Ticket>('tickets', {
    filter: MINE_NOT_FINISHED,
    pagination: { page: 1, perPage: 8 },
    sort: { field: 'updatedAt', order: 'DESC' },
  });
  const allMine = listLink('tickets', MINE_NOT_FINISHED);
  return (
    <Card variant="outlined" data-testid="my-open-tickets">
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
          <Typography variant="h6" gutterBottom>
            My open tickets{total !== undefined ? ` (${total})` : ''}
          </Typography>
          {/* A call comes in: one click to the new ticket's account picker. */}
          <Button component={Link} to="/tickets/create" variant="contained" size="small">
            New ticket
          </Button>
        </Stack>
        {!isPending && (data ?? []).length === 0 && <Typography color="text.secondary">Nothing waiting for you.</Typography>}
        <List dense disablePadding>
          {(data ?? []).map((ticket) => (
            <ListItemButton key={ticket.id} component={Link} to={`/tickets/${ticket.id}/show`}>
              <ListItemText
                primary={`#${ticket.id} ${ticket.subject}`}
                secondary={`${ticket.accountDisplayName} (${ticket.accountUsername}) · ${new Date(ticket.updatedAt).toLocaleString()}`}
              />
              <RecordContextProvider value={ticket}>
                <TicketStatusField />
              </RecordContextProvider>
            </ListItemButton>
          ))}
        </List>
        {(total ?? 0) > (data ?? []).length && (
          <Button component={Link} to={allMine} size="small">
            All {total}
          </Button>
        )}
      </CardContent>
    </Card>
  );
};
