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
  // The figures of the days just before come along for the cards' comparison; the CSV keeps to the range.
  const withPrevious = `${params}&compare=previous`;
  const {
    data: stats,
    error,
    isPending,
  } = useQuery({
    queryKey: ['stats', withPrevious],
    queryFn: () => getJson<Stats>(`/stats?${withPrevious}`),
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

/** "▲ 4 on the 30 days before (12)": how a figure moved; lower-is-better figures say so by their own wording. */
function versus(
  now: number | null | undefined,
  before: number | null | undefined,
  previous: Stats['previous'],
  format: (value: number) => string = String,
) {
  if (!previous || now === null || now === undefined || before === null || before === undefined) return null;
  const days = `the ${dayCount(previous.from, previous.to)} days before`;
  if (now === before) return `same as ${days}`;
  return `${now > before ? '▲' : '▼'} ${format(Math.abs(now - before))} on ${days} (${format(before)})`;
}

const dayCount = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;

/** A card's caption with its comparison beneath. */
const Caption = ({ text, change }: { text: string; change: string | null }) => (
  <>
    {text}
    {change && (
      <Typography component="span" variant="body2" color="text.secondary" sx={{ display: 'block' }} data-testid="versus">
        {change}
      </Typography>
    )}
  </>
);

/** The headline cards; without figures yet they show placeholders. */
const Headlines = ({ stats, start, end }: { stats?: Stats; start: string; end: string }) => {
  const loading = !stats;
  const tickets = stats?.tickets;
  const verification = stats?.verification;
  const previous = stats?.previous ?? null;
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
        caption={<Caption text="tickets in the range" change={versus(tickets?.opened, previous?.opened, previous)} />}
        to={listLink('tickets', { createdFrom: start, createdTo: end })}
      />
      <StatCard
        id="time-to-resolve"
        loading={loading}
        title="Median time to resolve"
        value={formatDuration(tickets?.timeToResolve.medianSeconds ?? null)}
        caption={
          <Caption
            text={`p90 ${formatDuration(tickets?.timeToResolve.p90Seconds ?? null)} over ${plural(tickets?.timeToResolve.resolved ?? 0, 'ticket')}`}
            change={versus(tickets?.timeToResolve.medianSeconds, previous?.medianResolveSeconds, previous, (seconds) =>
              formatDuration(seconds),
            )}
          />
        }
        to={listLink('tickets', { resolvedFrom: start, resolvedTo: end })}
      />
      <StatCard
        id="verification"
        loading={loading}
        title="Verification success"
        value={formatPercent(verification?.successRate ?? null)}
        caption={
          <Caption
            text={`${verification?.verified} of ${verification?.sent} codes · ${verification?.locked} locked`}
            change={versus(verification?.successRate, previous?.verificationSuccessRate, previous, (rate) => formatPercent(rate))}
          />
        }
        to={listLink('audit-events', { action: 'verification.verified', from: start, to: end })}
      />
      <StatCard
        id="resets"
        loading={loading}
        title="Passwords reset"
        value={stats?.resets.total}
        caption={
          <Caption
            text={`${stats?.resets.selfService} self-service · ${stats?.resets.chat} chat`}
            change={versus(stats?.resets.total, previous?.resets, previous)}
          />
        }
        to={listLink('audit-events', { action: 'account.password_set', from: start, to: end })}
      />
      <StatCard
        id="reminders"
        loading={loading}
        title="Reminders sent"
        value={stats?.reminders.sent}
        caption={
          <Caption
            text={`${stats?.reminders.failedDeliveries} failed deliveries`}
            change={versus(stats?.reminders.sent, previous?.remindersSent, previous)}
          />
        }
        to={listLink('notifications', { kind: 'expiry-reminder', createdFrom: start, createdTo: end })}
      />
      <StatCard
        id="failed"
        loading={loading}
        title="Failed deliveries"
        value={stats?.reminders.failedDeliveries}
        caption={
          <Caption
            text="emails and chat messages"
            change={versus(stats?.reminders.failedDeliveries, previous?.failedDeliveries, previous)}
          />
        }
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
