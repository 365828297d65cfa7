import { Table, TableBody, TableCell, TableHead, TableRow, useTheme } from '@mui/material';
import type { Stats } from '@resetdesk/stats/stats.types';
import { Link } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { listLink } from '../shared/listLink';
import { ChartCard } from './ChartCard';
import { bucketLabel, formatPercent } from './format';

/** What every chart gets: the figures and the range's instants for its list link. */
interface ChartProps {
  stats: Stats;
  start: string;
  end: string;
}

const axis = { tick: { fontSize: 12 }, tickLine: false } as const;
const withLabels = <T extends { start: string; end: string }>(buckets: T[]) =>
  buckets.map((bucket) => ({ ...bucket, label: bucketLabel(bucket) }));

export const TicketsChart = ({ stats, start, end }: ChartProps) => {
  const { palette } = useTheme();
  return (
    <ChartCard
      id="tickets"
      title="Tickets opened vs resolved"
      to={listLink('tickets', { createdFrom: start, createdTo: end })}
      linkLabel={`${stats.tickets.opened} opened →`}
      footer={`${stats.tickets.resolved} resolved in the range`}
      empty={stats.tickets.opened + stats.tickets.resolved === 0}
    >
      <ResponsiveContainer>
        <BarChart data={withLabels(stats.tickets.buckets)} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" {...axis} minTickGap={16} />
          <YAxis allowDecimals={false} {...axis} />
          <Tooltip />
          <Legend />
          <Bar dataKey="opened" name="Opened" fill={palette.primary.main} isAnimationActive={false} />
          <Bar dataKey="resolved" name="Resolved" fill={palette.success.main} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
};

export const VerificationFunnel = ({ stats, start, end }: ChartProps) => {
  const { palette } = useTheme();
  const { verification } = stats;
  const steps = [
    { step: 'Codes sent', count: verification.sent, fill: palette.primary.main },
    { step: 'Verified', count: verification.verified, fill: palette.success.main },
    { step: 'Wrong codes', count: verification.failed, fill: palette.warning.main },
    { step: 'Locked', count: verification.locked, fill: palette.error.main },
  ];
  return (
    <ChartCard
      id="verification"
      title="Verification funnel"
      to={listLink('audit-events', { action: 'verification.code_sent', from: start, to: end })}
      linkLabel="Codes in the audit log →"
      footer={`Success rate ${formatPercent(verification.successRate)} · agent-assisted ${formatPercent(verification.assisted.successRate)} · self-service ${formatPercent(verification.selfService.successRate)}`}
      empty={verification.sent === 0}
    >
      <ResponsiveContainer>
        <BarChart data={steps} layout="vertical" margin={{ top: 8, right: 24, left: 24, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} {...axis} />
          <YAxis type="category" dataKey="step" width={96} {...axis} />
          <Tooltip />
          <Bar dataKey="count" name="Count" isAnimationActive={false} label={{ position: 'right', fontSize: 12 }}>
            {steps.map((step) => (
              <Cell key={step.step} fill={step.fill} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
};

/** Four hues apart in colour and in lightness (they stay apart in grey and for the common colour-vision deficiencies). */
export const RESET_COLOURS = { link: '#1565c0', temporary: '#9c27b0', selfService: '#66bb6a', chat: '#e65100' } as const;

export const ResetsChart = ({ stats, start, end }: ChartProps) => {
  const { resets } = stats;
  return (
    <ChartCard
      id="resets"
      title="Resets by method"
      to={listLink('audit-events', { action: 'account.password_set', from: start, to: end })}
      linkLabel={`${resets.total} resets →`}
      footer={`Reset link ${resets.link} · temporary password ${resets.temporary} · self-service ${resets.selfService} · chat ${resets.chat}`}
      empty={resets.total === 0}
    >
      <ResponsiveContainer>
        <BarChart data={withLabels(resets.buckets)} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" {...axis} minTickGap={16} />
          <YAxis allowDecimals={false} {...axis} />
          <Tooltip />
          <Legend />
          <Bar dataKey="link" name="Reset link" stackId="resets" fill={RESET_COLOURS.link} isAnimationActive={false} />
          <Bar dataKey="temporary" name="Temporary password" stackId="resets" fill={RESET_COLOURS.temporary} isAnimationActive={false} />
          <Bar dataKey="selfService" name="Self-service" stackId="resets" fill={RESET_COLOURS.selfService} isAnimationActive={false} />
          <Bar dataKey="chat" name="Chat" stackId="resets" fill={RESET_COLOURS.chat} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
};

export const UpcomingExpiriesChart = ({ stats }: Pick<ChartProps, 'stats'>) => {
  const { palette } = useTheme();
  const days = stats.upcomingExpiries.days.map((day) => ({ ...day, label: bucketLabel({ start: day.date, end: day.date }) }));
  return (
    <ChartCard
      id="expiries"
      title="Passwords expiring, next 30 days"
      to={listLink('upcoming-expiries', { withinDays: 30 })}
      linkLabel={`${stats.upcomingExpiries.total} accounts →`}
      empty={stats.upcomingExpiries.total === 0}
    >
      <ResponsiveContainer>
        <BarChart data={days} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" {...axis} minTickGap={16} />
          <YAxis allowDecimals={false} {...axis} />
          <Tooltip />
          <Bar dataKey="count" name="Passwords expiring" fill={palette.warning.main} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
};

export const RemindersChart = ({ stats, start, end }: ChartProps) => {
  const { palette } = useTheme();
  const { reminders } = stats;
  const data = reminders.byMilestone.map((milestone) => ({
    ...milestone,
    label: milestone.milestone === 0 ? 'On the day' : `${milestone.milestone} days before`,
  }));
  return (
    <ChartCard
      id="reminders"
      title="Expiry reminders"
      to={listLink('notifications', { kind: 'expiry-reminder', createdFrom: start, createdTo: end })}
      linkLabel={`${reminders.sent} sent →`}
      footer={`${reminders.failedDeliveries} failed deliveries of any kind in the range`}
      empty={data.length === 0}
    >
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" {...axis} />
          <YAxis allowDecimals={false} {...axis} />
          <Tooltip />
          <Legend />
          <Bar dataKey="sent" name="Sent" stackId="reminders" fill={palette.success.main} isAnimationActive={false} />
          <Bar dataKey="queued" name="Queued" stackId="reminders" fill={palette.info.main} isAnimationActive={false} />
          <Bar dataKey="failed" name="Failed" stackId="reminders" fill={palette.error.main} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
};

export const OpenTicketsChart = ({ stats }: Pick<ChartProps, 'stats'>) => {
  const { palette } = useTheme();
  const { open } = stats.tickets;
  const data = open.byStatus.map((status) => ({ status: status.key.replace('_', ' '), count: status.count }));
  return (
    <ChartCard
      id="open-tickets"
      title="Open now, by status"
      to={listLink('tickets', { active: true })}
      linkLabel={`${open.total} open →`}
      footer={`By channel: ${open.byChannel.map((channel) => `${channel.key} ${channel.count}`).join(' · ')}`}
      empty={open.total === 0}
    >
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="status" {...axis} />
          <YAxis allowDecimals={false} {...axis} />
          <Tooltip />
          <Bar dataKey="count" name="Tickets" fill={palette.primary.main} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
};

export const TopAgentsTable = ({ stats, start, end }: ChartProps) => (
  <Table size="small" data-testid="top-agents">
    <TableHead>
      <TableRow>
        <TableCell>Agent</TableCell>
        <TableCell align="right">Resolved</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {stats.tickets.topAgents.length === 0 && (
        <TableRow>
          <TableCell colSpan={2} sx={{ color: 'text.secondary' }}>
            No assigned ticket was resolved in this range.
          </TableCell>
        </TableRow>
      )}
      {stats.tickets.topAgents.map((agent) => (
        <TableRow key={agent.staffId} hover>
          <TableCell>
            <Link to={listLink('tickets', { assigneeId: [agent.staffId], resolvedFrom: start, resolvedTo: end })}>{agent.name}</Link>
          </TableCell>
          <TableCell align="right">{agent.resolved}</TableCell>
        </TableRow>
      ))}
    </TableBody>
  </Table>
);
