import { Alert, Button, Stack, Tooltip, Typography } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRefresh } from 'react-admin';
import type { ManagerApprovalAsked, ShownTicket } from '../api/types';
import { errorMessage, postJson } from '../httpClient';
import { formatCountdown, useSecondsUntil } from '../shared/useSecondsUntil';

/**
 * The account's manager as a verification factor: ask them (an email with Approve and Deny links, 30 minutes), and
 * what they answered. The caller never chooses whom we ask: only the manager on record.
 */
export const ManagerApprovalRow = ({ ticket, verified }: { ticket: ShownTicket; verified: boolean }) => {
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const approval = ticket.managerApproval ?? null;
  const waiting = useSecondsUntil(approval?.status === 'pending' ? new Date(approval.expiresAt).getTime() : null);
  const pending = waiting > 0;
  const unavailable = !ticket.accountManagerName
    ? 'This account has no manager on record (an admin picks one on the account, or the directory sets it)'
    : ticket.finished
      ? 'The ticket is finished'
      : verified
        ? 'The caller is verified already'
        : pending
          ? 'The manager was asked; wait for their answer'
          : null;

  const ask = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const asked = await postJson<ManagerApprovalAsked>(`/tickets/${ticket.id}/manager-approval`, {});
      notify(`${asked.managerName} was emailed Approve and Deny links; they work for 30 minutes`, { type: 'success' });
      refresh();
    } catch (failure) {
      setProblem(errorMessage(failure, 'Could not ask the manager'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack spacing={1} sx={{ mt: 1.5 }} data-testid="manager-approval">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="body2" sx={{ flexGrow: 1 }}>
          Manager: {ticket.accountManagerName ?? 'none on record'}
          {approval && (
            <Typography component="span" variant="body2" color="text.secondary" data-testid="manager-approval-state">
              {' — '}
              {pending
                ? `asked, ${formatCountdown(waiting)} left to answer`
                : approval.status === 'approved'
                  ? 'approved the caller'
                  : approval.status === 'denied'
                    ? 'said the caller is not the holder'
                    : 'did not answer in time'}
            </Typography>
          )}
        </Typography>
        <Tooltip title={unavailable ?? 'Email the manager on record Approve and Deny links; their approval verifies the caller'}>
          <span>
            <Button variant="outlined" size="small" onClick={ask} disabled={busy || !!unavailable} sx={{ whiteSpace: 'nowrap' }}>
              Ask manager
            </Button>
          </span>
        </Tooltip>
      </Stack>
      {approval?.status === 'denied' && (
        <Alert severity="error" data-testid="manager-denied">
          <strong>{approval.managerName} said the caller is not the holder.</strong> The verification ended and the open codes were
          withdrawn; supervisors were told. Do not reset anything: end the call and escalate the ticket.
        </Alert>
      )}
      {problem && (
        <Alert severity="warning" data-testid="manager-approval-problem">
          {problem}
        </Alert>
      )}
    </Stack>
  );
};
