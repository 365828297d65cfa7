import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';
import { Form, useNotify, useUpdate } from 'react-admin';
import { errorMessage } from '../httpClient';
import type { ShownTicket, TicketStatus } from '../api/types';
import { AccountPicker } from './TicketCreate';

/** Cancelling or closing a ticket says why, for whoever reads its trail later (a caller who hung up, an impostor). */
export const ReasonDialog = ({
  ticket,
  to,
  label,
  onClose,
}: {
  ticket: ShownTicket;
  to: TicketStatus;
  label: string;
  onClose: () => void;
}) => {
  const [reason, setReason] = useState('');
  const [update, { isPending }] = useUpdate();
  const notify = useNotify();
  const submit = () =>
    update(
      'tickets',
      { id: ticket.id, data: { status: to, reason: reason.trim() }, previousData: ticket },
      { onSuccess: onClose, onError: (error) => notify(errorMessage(error, 'That change is not allowed'), { type: 'error' }) },
    );
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>
        {label} ticket #{ticket.id}
      </DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>Why? The reason stays in the ticket’s timeline.</DialogContentText>
        <TextField
          autoFocus
          fullWidth
          multiline
          label="Reason"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          slotProps={{ htmlInput: { maxLength: 500 } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Keep it</Button>
        <Button variant="contained" disabled={!reason.trim() || isPending} onClick={submit}>
          {label}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/** The wrong person was picked: until a code goes out, the ticket moves to the right account (who then gets its email). */
export const ChangeAccountDialog = ({ ticket, onClose }: { ticket: ShownTicket; onClose: () => void }) => {
  const [update, { isPending }] = useUpdate();
  const notify = useNotify();
  const submit = (values: Record<string, unknown>) =>
    update(
      'tickets',
      {
        id: ticket.id,
        data: { accountId: values.accountId, reason: `Wrong account picked (was ${ticket.accountUsername})` },
        previousData: ticket,
      },
      {
        onSuccess: () => {
          notify(`Ticket #${ticket.id} is now for the account you chose`, { type: 'success' });
          onClose();
        },
        onError: (error) => notify(errorMessage(error, 'The account cannot be changed'), { type: 'error' }),
      },
    );
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <Form onSubmit={submit}>
        <DialogTitle>Change the account of ticket #{ticket.id}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            Now for {ticket.accountDisplayName} ({ticket.accountUsername}). No code was sent yet, so nobody has been asked for one.
          </DialogContentText>
          <AccountPicker />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Keep it</Button>
          <Button type="submit" variant="contained" disabled={isPending}>
            Move the ticket
          </Button>
        </DialogActions>
      </Form>
    </Dialog>
  );
};
