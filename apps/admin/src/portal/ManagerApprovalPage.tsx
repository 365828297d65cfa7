import { Alert, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { ManagerApprovalDecided, ManagerApprovalRequest } from '../api/types';
import { takeFromAddress } from './addressParams';
import { portalPost, PortalError, usePortalSubmit } from './portalApi';

type Stage =
  | { name: 'checking' }
  | { name: 'invalid'; message: string }
  | { name: 'ready'; request: ManagerApprovalRequest }
  | { name: 'done'; status: ManagerApprovalDecided['status'] };

/**
 * Where a manager's Approve or Deny link lands. Opening the link decides nothing (mail scanners open links too):
 * the page says who claims to be whom, on which ticket, and the manager's click answers, once.
 */
export const ManagerApprovalPage = () => {
  const [token] = useState(() => takeFromAddress('token'));
  const [intended] = useState(() => takeFromAddress('decision'));
  const [stage, setStage] = useState<Stage>(
    token
      ? { name: 'checking' }
      : { name: 'invalid', message: 'This page needs a link from a support email. Open the link from the email as it is.' },
  );
  const { busy, problem, run } = usePortalSubmit();

  useEffect(() => {
    if (!token) return;
    portalPost<ManagerApprovalRequest>('/self-service/manager-approval/inspect', { token })
      .then((request) => setStage({ name: 'ready', request }))
      .catch((error: PortalError) => setStage({ name: 'invalid', message: error.message }));
  }, [token]);

  const answer = (decision: 'approve' | 'deny') =>
    run(
      async () => {
        const decided = await portalPost<ManagerApprovalDecided>('/self-service/manager-approval/decide', { token, decision });
        setStage({ name: 'done', status: decided.status });
      },
      (error) => {
        if (error.status !== 410) return false;
        setStage({ name: 'invalid', message: error.message });
        return true;
      },
    );

  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          Is it really them?
        </Typography>
        {stage.name === 'checking' && <Typography color="text.secondary">Checking your link…</Typography>}
        {stage.name === 'invalid' && (
          <Alert severity="warning" data-testid="manager-approval-invalid">
            {stage.message}
          </Alert>
        )}
        {stage.name === 'done' && (
          <Alert severity={stage.status === 'approved' ? 'success' : 'info'} data-testid="manager-approval-done">
            {stage.status === 'approved'
              ? 'Thank you: our support team may now help the caller.'
              : 'Thank you: our support team will not go ahead, and our supervisors have been told. Nothing was changed on the account.'}
          </Alert>
        )}
        {stage.name === 'ready' && (
          <Stack spacing={2}>
            <Typography>
              Hello {stage.request.managerFirstName}, someone is on the phone with {stage.request.agentFirstName} of our support team
              (ticket #{stage.request.ticketId}) and says they are <strong>{stage.request.holderName}</strong> (
              {stage.request.holderUsername}), who has you as manager on record.
            </Typography>
            <Typography color="text.secondary">
              Approve only if you know it is them — for example because you just spoke to them yourself on a number you know. If you are not
              sure, deny: our support team will verify the caller another way.
            </Typography>
            {problem && (
              <Alert severity="error" data-testid="manager-approval-problem">
                {problem}
              </Alert>
            )}
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <Button
                variant={intended === 'deny' ? 'outlined' : 'contained'}
                color="success"
                size="large"
                disabled={busy}
                autoFocus={intended !== 'deny'}
                onClick={() => answer('approve')}
              >
                Approve: it is {stage.request.holderName}
              </Button>
              <Button
                variant={intended === 'deny' ? 'contained' : 'outlined'}
                color="error"
                size="large"
                disabled={busy}
                autoFocus={intended === 'deny'}
                onClick={() => answer('deny')}
              >
                Deny: it is not
              </Button>
            </Stack>
            <Typography variant="body2" color="text.secondary">
              This link works once, until {new Date(stage.request.expiresAt).toLocaleTimeString()}.
            </Typography>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
};
