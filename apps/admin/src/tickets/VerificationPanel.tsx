import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Tooltip,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useNotify, usePermissions, useRecordContext, useRefresh } from 'react-admin';
import { hasRole, type Permissions } from '../authProvider';
import { errorMessage, postJson } from '../httpClient';
import { formatCountdown, useSecondsUntil } from '../shared/useSecondsUntil';
import { useSystemInfo } from '../useSystemInfo';
import type { ShownTicket } from '../api/types';
import { ManagerApprovalRow } from './ManagerApprovalRow';

type Channel = 'email' | 'personal_email' | 'chat' | 'authenticator';

/** How the page names where each code came from. */
const CHANNEL_NAMES: Record<string, string> = {
  email: 'email',
  personal_email: 'personal email',
  chat: 'chat',
  authenticator: 'their app',
};

/**
 * Send a code to the account holder — or ask the caller for the code their own authenticator app shows — then type
 * in what the caller reads out. The agent never sees a sent code, nor the app's secret.
 */
export const VerificationPanel = () => {
  const ticket = useRecordContext<ShownTicket>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [channel, setChannel] = useState<Channel>('email');
  const { data: system } = useSystemInfo();
  const { permissions } = usePermissions<Permissions>();
  const codes = ticket?.codes ?? [];
  const latest = codes[codes.length - 1];
  const cooldown = useSecondsUntil(ticket?.resendAvailableAt ? new Date(ticket.resendAvailableAt).getTime() : null);
  const verifiedLeft = useSecondsUntil(
    ticket?.status === 'verified' && ticket.verifiedUntil ? new Date(ticket.verifiedUntil).getTime() : null,
  );
  if (!ticket) return null;
  const finished = ticket.finished;
  // Counted down on the page: a verification the agent cannot see running out is one they trust too long.
  const verified = verifiedLeft > 0;
  // The server refuses it too (VERIFICATION_SUPERVISOR_REQUIRED); the page says so before anyone tries.
  const supervisorNeeded = !!ticket.codeNeedsSupervisor && !hasRole(permissions, 'supervisor');

  const chatReason = !system?.chatDelivery
    ? 'Chat delivery is not set up on this server'
    : !ticket.accountChatLinked
      ? 'This account has no linked chat id'
      : null;

  const authenticatorReason = ticket.authenticatorEnrolled ? null : 'The holder has not set up an authenticator app on the portal';
  const fromApp = channel === 'authenticator';

  const send = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await postJson(`/tickets/${ticket.id}/otp`, { channel });
      notify(
        fromApp
          ? 'Ask the caller to open their authenticator app and read out the 6-digit code it shows now'
          : `Code sent to the account holder’s ${CHANNEL_NAMES[channel]}; ask the caller to read it out`,
        { type: 'success' },
      );
      refresh();
    } catch (failure) {
      setProblem(errorMessage(failure, 'Could not send a code'));
    } finally {
      setBusy(false);
    }
  };

  const verify = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await postJson(`/tickets/${ticket.id}/otp/verify`, { code: code.trim() });
      setCode('');
      notify('Caller verified', { type: 'success' });
      refresh();
    } catch (failure) {
      setProblem(errorMessage(failure, 'Could not check the code'));
      refresh();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card variant="outlined" sx={{ width: '100%' }} data-testid="verification-panel">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Caller verification
        </Typography>
        {verified && (
          <Alert severity="success" sx={{ mb: 2 }} data-testid="verified-banner">
            Caller verified — {formatCountdown(verifiedLeft)} left{' '}
            {hasRole(permissions, 'agent') ? 'to reset the password' : 'for an agent to reset the password'}
          </Alert>
        )}
        {/* Two rows that fit half a 1366-pixel screen: how to send and the send button, then the code and Verify. */}
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1.5 }}>
          <ToggleButtonGroup
            size="small"
            exclusive
            value={channel}
            onChange={(_event, value) => value && setChannel(value)}
            aria-label="Where the code comes from"
          >
            <ToggleButton value="email">Email</ToggleButton>
            <ChannelButton
              value="personal_email"
              label="Personal"
              picked={channel}
              onPick={setChannel}
              unavailable={ticket.accountPersonalEmailOnRecord ? null : 'No personal email on record for this account'}
              help="To the personal email on record"
            />
            <ChannelButton
              value="chat"
              label="Chat"
              picked={channel}
              onPick={setChannel}
              unavailable={chatReason}
              help="To the account’s linked chat id"
            />
            <ChannelButton
              value="authenticator"
              label="App"
              picked={channel}
              onPick={setChannel}
              unavailable={authenticatorReason}
              help="The caller reads the code their own authenticator app shows; nothing is sent"
            />
          </ToggleButtonGroup>
          {/* A verified caller needs no new code: one would only start the verification over. */}
          <Button
            variant="outlined"
            onClick={send}
            disabled={busy || finished || verified || cooldown > 0 || supervisorNeeded}
            sx={{ whiteSpace: 'nowrap' }}
          >
            {fromApp
              ? cooldown > 0 && !verified
                ? `Ask for app code (${cooldown} s)`
                : 'Ask for app code'
              : cooldown > 0 && !verified
                ? `Send code (${cooldown} s)`
                : codes.length > 0
                  ? 'Send new code'
                  : 'Send code'}
          </Button>
        </Stack>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <TextField
            fullWidth
            label="Code the caller reads out"
            value={code}
            onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && code.length === 6 && !busy) void verify();
            }}
            size="small"
            disabled={!latest || latest.status !== 'pending' || finished}
            slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': 'caller-code' } }}
          />
          <Button variant="contained" onClick={verify} disabled={busy || code.length !== 6 || latest?.status !== 'pending'}>
            Verify
          </Button>
        </Stack>
        <ManagerApprovalRow ticket={ticket} verified={verified} />
        {latest?.status === 'locked' && !finished && (
          <Alert severity="error" sx={{ mt: 2 }} data-testid="lock-guidance">
            <strong>Five wrong codes.</strong> The caller may not be the account holder: someone guessing, or posing as them, is the usual
            reason.{' '}
            {supervisorNeeded
              ? 'Codes on this ticket locked twice, so a supervisor must verify this caller. Escalate the ticket; do not reset anything.'
              : 'Before sending a new code, end the call and call the holder back on the number on file, or escalate to a supervisor.'}
          </Alert>
        )}
        {problem && (
          <Alert severity="warning" sx={{ mt: 2 }} data-testid="verification-problem">
            {problem}
          </Alert>
        )}
        {codes.length > 0 && (
          <Box sx={{ mt: 2 }}>
            <Table size="small" data-testid="ticket-codes">
              <TableHead>
                <TableRow>
                  <TableCell>Code sent</TableCell>
                  <TableCell>By</TableCell>
                  <TableCell>Expires</TableCell>
                  <TableCell>Wrong tries</TableCell>
                  <TableCell>Outcome</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {codes.map((sent) => (
                  <TableRow key={sent.id}>
                    <TableCell>{new Date(sent.issuedAt).toLocaleTimeString()}</TableCell>
                    <TableCell>{CHANNEL_NAMES[sent.channel] ?? sent.channel}</TableCell>
                    <TableCell>{new Date(sent.expiresAt).toLocaleTimeString()}</TableCell>
                    <TableCell>{sent.attempts}</TableCell>
                    <TableCell>{sent.status}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </CardContent>
    </Card>
  );
};

/** A channel the account may lack: disabled, with the reason as its tooltip. */
const ChannelButton = ({
  value,
  label,
  picked,
  onPick,
  unavailable,
  help,
}: {
  value: Channel;
  label: string;
  picked: Channel;
  onPick(channel: Channel): void;
  unavailable: string | null;
  help: string;
}) => (
  <Tooltip title={unavailable ?? help}>
    <span>
      <ToggleButton value={value} disabled={!!unavailable} selected={picked === value} onChange={() => onPick(value)}>
        {label}
      </ToggleButton>
    </span>
  </Tooltip>
);
