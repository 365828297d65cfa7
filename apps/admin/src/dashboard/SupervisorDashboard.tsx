import { Alert, Box, Card, CardContent, Stack, Typography } from '@mui/material';
import type { Stats } from '@resetdesk/stats/stats.types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useStore } from 'react-admin';
import { errorMessage, getJson } from '../httpClient';
import { DownloadCsvButton } from '../shared/DownloadCsvButton';
import { listLink } from '../shared/listLink';
import { BROWSER_TIME_ZONE, type DashboardRange, DEFAULT_RANGE, instantsOf, resolveRange } from './dashboardRange';
import { formatDuration, formatPercent, plural } from './format';
import { RangePicker } from './RangePicker';
import { StatCard } from './StatCard';
import {
  OpenTicketsChart,
  RemindersChart,
  ResetsChart,
  TicketsChart,
  TopAgentsTable,
  UpcomingExpiriesChart,
  VerificationFunnel,
} from './StatsCharts';

/** How the desk is doing over a range of days, and where risk sits: supervisors' home page. */
export const SupervisorDashboard = () => {
  const [range, setRange] = useStore<DashboardRange>('dashboard.range', DEFAULT_RANGE);
  const { from, to, bucket } = resolveRange(range);
  const params = new URLSearchParams({ from, to, bucket, tz: BROWSER_TIME_ZONE }).toString();
  const {
    data: stats,
    error,
    isPending,
  } = useQuery({
    queryKey: ['stats', params],
    queryFn: () => getJson<Stats>(`/stats?${params}`),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const { start, end } = instantsOf(from, to);

  return (
    <Stack spacing={2} data-testid="supervisor-dashboard">
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <Typography variant="h5">How the desk is doing</Typography>
        {/* The same figures as CSV; the API records the export in the audit trail. */}
        <DownloadCsvButton path={`/stats/export?${params}`} fallbackName="resetdesk-report.csv" rowsNoun="figures" />
      </Stack>
      <RangePicker value={range} onChange={setRange} />
      {error && <Alert severity="error">{errorMessage(error, 'The figures could not be loaded')}</Alert>}
      {(stats || isPending) && <Headlines stats={stats} start={start} end={end} />}
      {stats && (
        <>
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2 }}>
            <TicketsChart stats={stats} start={start} end={end} />
            <VerificationFunnel stats={stats} start={start} end={end} />
          </Stack>
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2 }}>
            <ResetsChart stats={stats} start={start} end={end} />
            <UpcomingExpiriesChart stats={stats} />
          </Stack>
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2 }}>
            <RemindersChart stats={stats} start={start} end={end} />
            <OpenTicketsChart stats={stats} />
            <Card variant="outlined" sx={{ flex: '1 1 280px' }}>
              <CardContent>
                <Typography variant="h6" gutterBottom>
                  Top agents by resolved tickets
                </Typography>
                <TopAgentsTable stats={stats} start={start} end={end} />
              </CardContent>
            </Card>
          </Stack>
          <Typography variant="caption" color="text.secondary">
            Days {stats.range.from} to {stats.range.to} in {stats.range.timeZone}, figures read{' '}
            {new Date(stats.range.generatedAt).toLocaleTimeString()}.
          </Typography>
        </>
      )}
    </Stack>
  );
};

/** The headline cards; without figures yet they show placeholders. */
const Headlines = ({ stats, start, end }: { stats?: Stats; start: string; end: string }) => {
  const loading = !stats;
  const tickets = stats?.tickets;
  const verification = stats?.verification;
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
      <StatCard
        id="open"
        loading={loading}
        title="Open tickets"
        value={tickets?.open.total}
        caption={`${tickets?.open.byStatus.find((status) => status.key === 'open')?.count ?? 0} not started`}
        to={listLink('tickets', { active: true })}
      />
      <StatCard
        id="opened"
        loading={loading}
        title="Opened / resolved"
        value={`${tickets?.opened} / ${tickets?.resolved}`}
        caption="tickets in the range"
        to={listLink('tickets', { createdFrom: start, createdTo: end })}
      />
      <StatCard
        id="time-to-resolve"
        loading={loading}
        title="Median time to resolve"
        value={formatDuration(tickets?.timeToResolve.medianSeconds ?? null)}
        caption={`p90 ${formatDuration(tickets?.timeToResolve.p90Seconds ?? null)} over ${plural(tickets?.timeToResolve.resolved ?? 0, 'ticket')}`}
        to={listLink('tickets', { resolvedFrom: start, resolvedTo: end })}
      />
      <StatCard
        id="verification"
        loading={loading}
        title="Verification success"
        value={formatPercent(verification?.successRate ?? null)}
        caption={`${verification?.verified} of ${verification?.sent} codes · ${verification?.locked} locked`}
        to={listLink('audit-events', { action: 'verification.verified', from: start, to: end })}
      />
      <StatCard
        id="resets"
        loading={loading}
        title="Passwords reset"
        value={stats?.resets.total}
        caption={`${stats?.resets.selfService} self-service · ${stats?.resets.chat} chat`}
        to={listLink('audit-events', { action: 'account.password_set', from: start, to: end })}
      />
      <StatCard
        id="reminders"
        loading={loading}
        title="Reminders sent"
        value={stats?.reminders.sent}
        caption={`${stats?.reminders.failedDeliveries} failed deliveries`}
        to={listLink('notifications', { kind: 'expiry-reminder', createdFrom: start, createdTo: end })}
      />
      <StatCard
        id="failed"
        loading={loading}
        title="Failed deliveries"
        value={stats?.reminders.failedDeliveries}
        caption="emails and chat messages"
        to={listLink('notifications', { status: 'failed', createdFrom: start, createdTo: end })}
      />
      <StatCard
        id="expiring"
        loading={loading}
        title="Expiring in 30 days"
        value={stats?.upcomingExpiries.total}
        caption="passwords"
        to={listLink('upcoming-expiries', { withinDays: 30 })}
      />
    </Box>
  );
};
