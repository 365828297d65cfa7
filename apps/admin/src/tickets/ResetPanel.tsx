import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Radio,
  RadioGroup,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useState, type ReactNode } from 'react';
import { useGetIdentity, useNotify, usePermissions, useRecordContext, useRefresh, useUpdate } from 'react-admin';
import { hasRole, type Permissions } from '../authProvider';
import { errorMessage, postJson } from '../httpClient';
import { phonetic } from '../shared/phonetic';
import type { ApprovalRequested, ResetIssued, ShownTicket } from '../api/types';
import { formatCountdown, useSecondsUntil } from '../shared/useSecondsUntil';

const time = (iso: string) => new Date(iso).toLocaleTimeString();

/**
 * The last step once the caller is verified: email a single-use link, or
 * set a temporary password shown here once. Privileged accounts show the
 * supervisor approval first.
 */
export const ResetPanel = () => {
  const ticket = useRecordContext<ShownTicket>();
  const { permissions } = usePermissions<Permissions>();
  const { identity } = useGetIdentity();
  const notify = useNotify();
  const refresh = useRefresh();
  const [method, setMethod] = useState<'link' | 'temporary'>('link');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [temporary, setTemporary] = useState<ResetIssued | null>(null);
  const [copied, setCopied] = useState(false);
  // Both count down on the page: the agent sees how long the approval, or the wait for one, can last.
  const approvalLeft = useSecondsUntil(ticket?.approval ? new Date(ticket.approval.validUntil).getTime() : null);
  const verifiedLeft = useSecondsUntil(
    ticket?.status === 'verified' && ticket.verifiedUntil ? new Date(ticket.verifiedUntil).getTime() : null,
  );
  if (!ticket || ticket.finished) return null;
  // A verifier checks the caller and hands the ticket on; the server refuses their reset and unlock.
  if (!hasRole(permissions, 'agent'))
    return <HandOverPanel ticket={ticket} verifiedLeft={verifiedLeft} mine={ticket.assigneeId === identity?.id} />;

  const verified = verifiedLeft > 0;
  const approval = ticket.approval ?? null;
  const approvedByMe = approval?.approvedByStaffId === identity?.id;
  const needsApproval = ticket.accountPrivileged && !approval;
  const awaiting = verified && !!ticket.approvalRequestedAt && !approval;
  // An approval covers a verification that happened, so it is offered on a verified ticket only.
  const supervisor = hasRole(permissions, 'supervisor');
  // The server names who may not approve (the ticket's agent, the caller's verifiers): no button that would be refused.
  const barred = identity?.id !== undefined && (ticket.approvalBarredStaffIds ?? []).includes(Number(identity.id));
  const mayApprove = ticket.accountPrivileged && verified && supervisor && !barred && !approval;
  const mayRequest = ticket.accountPrivileged && verified && !approval && !awaiting && !mayApprove;

  const run = async (action: () => Promise<void>, fallback: string) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await action();
    } catch (failure) {
      setProblem(errorMessage(failure, fallback));
    } finally {
      setBusy(false);
      refresh();
    }
  };

  const reset = () =>
    run(async () => {
      const issued = await postJson<ResetIssued>(`/tickets/${ticket.id}/reset`, { method });
      if (issued.method === 'temporary') setTemporary(issued);
      else notify(`Reset link sent to ${issued.sentTo}; it works once, until ${time(issued.expiresAt)}`, { type: 'success' });
    }, 'Could not reset the password');

  const approve = () =>
    run(async () => {
      await postJson(`/tickets/${ticket.id}/approve-reset`);
      notify('Reset approved for the next hour', { type: 'success' });
    }, 'Could not approve the reset');

  const requestApproval = () =>
    run(async () => {
      const asked = await postJson<ApprovalRequested>(`/tickets/${ticket.id}/approval-request`);
      notify(
        asked.alreadyRequested
          ? `${asked.requestedByName} asked for approval already; the supervisors have the email`
          : `Asked ${asked.notified} supervisor${asked.notified === 1 ? '' : 's'} to approve; this page shows the answer`,
        { type: 'success' },
      );
    }, 'Could not ask for approval');

  const unlock = () =>
    run(async () => {
      const unlocked = await postJson<{ store: 'local' | 'ldap' | 'ad'; wasLocked: boolean }>(`/tickets/${ticket.id}/unlock`);
      const where = unlocked.store === 'local' ? '' : unlocked.store === 'ad' ? ' in Active Directory' : ' in the directory';
      notify(`Account unlocked${where}: the caller can sign in with their current password`, { type: 'success' });
    }, 'Could not unlock the account');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(temporary!.temporaryPassword!);
      setCopied(true);
    } catch {
      notify('The browser did not allow copying; select the password and copy it by hand', { type: 'warning' });
    }
  };

  const closeTemporary = () => {
    // Gone for good: the API never shows it again.
    setTemporary(null);
    setCopied(false);
  };

  return (
    <ResetCard after={<TemporaryPasswordDialog temporary={temporary} copied={copied} onCopy={copy} onClose={closeTemporary} />}>
      {ticket.accountPrivileged && (
        <Alert severity={approval ? 'success' : awaiting ? 'warning' : 'info'} sx={{ mb: 2 }} data-testid="approval-state">
          {approval
            ? `Approved by ${approval.approvedByName} — ${formatCountdown(Math.min(approvalLeft, verifiedLeft))} left to use it${verifiedLeft < approvalLeft ? ' (the caller’s verification runs out before the approval)' : ` (until ${time(approval.validUntil)})`}${approvedByMe ? ' — another staff member must carry out the reset' : ''}`
            : awaiting
              ? `Waiting for approval: ${ticket.approvalRequestedByName} asked the supervisors at ${time(ticket.approvalRequestedAt!)}. They have ${formatCountdown(verifiedLeft)} before the caller's verification runs out.`
              : 'Privileged account: once the caller is verified, a supervisor other than the ticket’s agent and whoever verified the caller must approve the reset.'}
          {supervisor && barred && verified && !approval && (
            <Typography variant="body2" sx={{ mt: 1 }} data-testid="approval-barred">
              You are working this ticket or verified the caller, so another supervisor must approve.
            </Typography>
          )}
          {mayRequest && (
            <Button size="small" variant="contained" sx={{ ml: 2 }} onClick={requestApproval} disabled={busy}>
              Request approval
            </Button>
          )}
          {mayApprove && (
            <Button size="small" variant="contained" sx={{ ml: 2 }} onClick={approve} disabled={busy}>
              Approve reset
            </Button>
          )}
        </Alert>
      )}
      {!verified && ticket.status !== 'reset_sent' && (
        <Typography color="text.secondary" sx={{ mb: 1 }}>
          Verify the caller with a code first.
        </Typography>
      )}
      {ticket.status === 'reset_sent' && (
        <Typography color="text.secondary" sx={{ mb: 1 }}>
          A reset was sent. If the caller lost it, send a new code and verify them again.
        </Typography>
      )}
      {/* The method above its buttons: the panel is half a 1366-pixel screen wide. */}
      <RadioGroup row value={method} onChange={(event) => setMethod(event.target.value as 'link' | 'temporary')} aria-label="Reset method">
        <FormControlLabel value="link" control={<Radio />} label="Email a single-use link (30 min)" />
        <FormControlLabel value="temporary" control={<Radio />} label="Temporary password (shown once, 24 h)" />
      </RadioGroup>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mt: 1 }}>
        <Button variant="contained" color="warning" onClick={reset} disabled={busy || !verified || needsApproval || approvedByMe}>
          Reset password
        </Button>
        <Button
          variant="outlined"
          onClick={unlock}
          disabled={busy || !verified || needsApproval || approvedByMe}
          title="For a caller who knows their password but is locked out after too many tries"
        >
          Unlock only
        </Button>
      </Stack>
      {problem && (
        <Alert severity="warning" sx={{ mt: 2 }} data-testid="reset-problem">
          {problem}
        </Alert>
      )}
      {(ticket.links ?? []).length > 0 && (
        <Box sx={{ mt: 2 }}>
          <Table size="small" data-testid="ticket-links">
            <TableHead>
              <TableRow>
                <TableCell>Link sent</TableCell>
                <TableCell>Expires</TableCell>
                <TableCell>Used</TableCell>
                <TableCell>State</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {ticket.links!.map((link) => (
                <TableRow key={link.id}>
                  <TableCell>{time(link.issuedAt)}</TableCell>
                  <TableCell>{time(link.expiresAt)}</TableCell>
                  <TableCell>{link.usedAt ? time(link.usedAt) : '—'}</TableCell>
                  <TableCell>{link.status}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </ResetCard>
  );
};

/** What a verifier sees instead of the reset buttons: how long the verification lasts, and a way to pass the ticket on. */
const HandOverPanel = ({ ticket, verifiedLeft, mine }: { ticket: ShownTicket; verifiedLeft: number; mine: boolean }) => {
  const [update, { isPending }] = useUpdate();
  const notify = useNotify();
  const verified = verifiedLeft > 0;
  const release = () =>
    update(
      'tickets',
      { id: ticket.id, data: { assigneeId: null }, previousData: ticket },
      {
        onSuccess: () => notify('Released: the ticket waits among the unassigned ones for an agent to take it', { type: 'success' }),
        onError: (error: unknown) => notify(errorMessage(error, 'Could not release the ticket'), { type: 'error' }),
      },
    );
  return (
    <ResetCard>
      <Alert severity={verified ? 'success' : 'info'} data-testid="hand-over">
        {verified
          ? `The caller is verified for ${formatCountdown(verifiedLeft)} more (until ${time(ticket.verifiedUntil!)}). Your role verifies callers: an agent, supervisor or admin takes the ticket and resets the password or unlocks the account within that time.`
          : 'Your role verifies callers: once the caller is verified, an agent, supervisor or admin takes the ticket and resets the password or unlocks the account.'}
        {ticket.accountPrivileged && ' This account is privileged: a supervisor must also approve the reset.'}
      </Alert>
      {verified && mine && (
        <Button sx={{ mt: 2 }} variant="contained" onClick={release} disabled={isPending}>
          Release to an agent
        </Button>
      )}
    </ResetCard>
  );
};

/** The panel's frame, for agents and verifiers alike; `after` sits outside its content (a dialog). */
const ResetCard = ({ children, after }: { children: ReactNode; after?: ReactNode }) => (
  <Card variant="outlined" sx={{ width: '100%' }} data-testid="reset-panel">
    <CardContent>
      <Typography variant="h6" gutterBottom>
        Reset password
      </Typography>
      {children}
    </CardContent>
    {after}
  </Card>
);

/** A temporary password, shown once. */
const TemporaryPasswordDialog = ({
  temporary,
  copied,
  onCopy,
  onClose,
}: {
  temporary: ResetIssued | null;
  copied: boolean;
  onCopy: () => void;
  onClose: () => void;
}) => (
  <Dialog open={!!temporary} onClose={onClose} aria-labelledby="temporary-password-title">
    <DialogTitle id="temporary-password-title">Temporary password</DialogTitle>
    <DialogContent>
      <Alert severity="warning" sx={{ mb: 2 }}>
        Shown this once. Read it out to the caller; it works until {temporary ? new Date(temporary.expiresAt).toLocaleString() : ''}, only
        to choose a new password.
      </Alert>
      {temporary?.warning && (
        <Alert severity="error" sx={{ mb: 2 }} data-testid="temporary-password-warning">
          {temporary.warning}
        </Alert>
      )}
      <Typography
        data-testid="temporary-password"
        sx={{ fontFamily: 'monospace', fontSize: 26, letterSpacing: 2, textAlign: 'center', userSelect: 'all' }}
      >
        {temporary?.temporaryPassword}
      </Typography>
      {temporary?.temporaryPassword && (
        <Typography data-testid="temporary-password-phonetic" color="text.secondary" sx={{ mt: 1, textAlign: 'center' }}>
          {phonetic(temporary.temporaryPassword).join(' · ')}
        </Typography>
      )}
    </DialogContent>
    <DialogActions>
      <Button onClick={onCopy}>{copied ? 'Copied' : 'Copy'}</Button>
      <Button variant="contained" onClick={onClose}>
        Done, it is read out
      </Button>
    </DialogActions>
  </Dialog>
);
