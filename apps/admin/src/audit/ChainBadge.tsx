import CheckCircleIcon from '@mui/icons-material/VerifiedUser';
import ErrorIcon from '@mui/icons-material/GppBad';
import HelpIcon from '@mui/icons-material/HelpOutlined';
import { Chip, Tooltip } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, useNotify } from 'react-admin';
import { errorMessage, getJson } from '../httpClient';
import type { ChainStatus } from '../api/types';

export type { ChainStatus };

export function useChainStatus() {
  return useQuery({ queryKey: ['audit-chain'], queryFn: () => getJson<ChainStatus>('/audit-events/chain'), refetchInterval: 30_000 });
}

/** "Verified at …" or "Broken at #N": the state of the hash chain at a glance. */
export const ChainBadge = () => {
  const { data } = useChainStatus();
  if (!data) return null;
  const when = data.checkedAt ? new Date(data.checkedAt).toLocaleString() : '';
  const pending = data.pending > 0 ? ` · ${data.pending} awaiting seal` : '';
  if (data.status === 'broken') {
    return (
      <Tooltip title={data.message ?? ''}>
        <Chip
          color="error"
          icon={<ErrorIcon />}
          label={`Chain broken at #${data.brokenAtSeq} (${data.reason}) · checked ${when}`}
          data-testid="chain-badge"
        />
      </Tooltip>
    );
  }
  if (data.status === 'verified') {
    return (
      <Chip
        color="success"
        icon={<CheckCircleIcon />}
        label={`Chain verified ${when} · ${data.events} events${pending}`}
        data-testid="chain-badge"
      />
    );
  }
  return <Chip icon={<HelpIcon />} label={`Chain not verified yet${pending}`} data-testid="chain-badge" />;
};

/** Recomputes the whole chain now (it is also verified daily). */
export const VerifyChainButton = () => {
  const client = useQueryClient();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    try {
      const result = await getJson<ChainStatus>('/audit-events/verify');
      client.setQueryData(['audit-chain'], result);
      notify(
        result.status === 'verified'
          ? `Chain verified: ${result.events} events`
          : `Chain broken at #${result.brokenAtSeq}: ${result.message}`,
        {
          type: result.status === 'verified' ? 'success' : 'error',
        },
      );
    } catch (failure) {
      notify(errorMessage(failure, 'Verification failed'), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return <Button label="Verify now" onClick={verify} disabled={busy} />;
};
