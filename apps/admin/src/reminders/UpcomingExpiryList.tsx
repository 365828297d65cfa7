import { Alert, Box } from '@mui/material';
import { Datagrid, DateField, FunctionField, List, ReferenceInput, SearchInput, SelectInput, TextField, useGetList } from 'react-admin';
import { AccountStatusField } from '../accounts/AccountStatusField';
import { MilestoneChips } from './MilestoneChips';
import type { ReminderRun } from '../api/types';

const WITHIN_CHOICES = [7, 14, 30, 60, 90].map((days) => ({ id: days, name: `next ${days} days` }));

const filters = [
  <SelectInput key="withinDays" source="withinDays" label="Expiring within" choices={WITHIN_CHOICES} alwaysOn emptyText="next 14 days" />,
  <SearchInput key="q" source="q" alwaysOn placeholder="Username, email or name" />,
  <ReferenceInput key="policyId" source="policyId" reference="password-policies">
    <SelectInput label="Policy" optionText="name" />
  </ReferenceInput>,
];

/** What the last daily scan did, so a supervisor sees at a glance that reminders are going out. */
const LastScan = () => {
  const { data, isPending } = useGetList<ReminderRun>('reminder-runs', {
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'id', order: 'DESC' },
  });
  if (isPending) return null;
  const run = data?.[0];
  if (!run) {
    return (
      <Alert severity="info" data-testid="last-scan">
        No reminder scan has run yet. The worker scans daily at REMINDER_TIME; operators can run one with{' '}
        <code>npm run cli -- reminders:run</code>.
      </Alert>
    );
  }
  const counts = `${run.scanned} accounts on milestone days, ${run.queued} reminders queued, ${run.duplicates} already sent, ${run.expired} passwords expired`;
  return (
    <Alert severity={run.status === 'failed' ? 'error' : 'success'} data-testid="last-scan">
      Last scan: {run.runDate} ({run.timeZone}, {run.triggeredBy}
      {run.catchUpDays > 1 ? `, caught up ${run.catchUpDays} days` : ''}) —{' '}
      {run.status === 'failed' ? `failed: ${run.error}` : run.status === 'running' ? 'running…' : counts}
    </Alert>
  );
};

export const UpcomingExpiryList = () => (
  <Box>
    <Box sx={{ mt: 2 }}>
      <LastScan />
    </Box>
    <List
      resource="upcoming-expiries"
      filters={filters}
      filterDefaultValues={{ withinDays: 14 }}
      sort={{ field: 'passwordExpiresAt', order: 'ASC' }}
      perPage={25}
      title="Upcoming expiries"
      exporter={false}
      storeKey="upcoming-expiries"
    >
      <Datagrid rowClick={(id) => `/accounts/${id}/show`} bulkActionButtons={false}>
        <TextField source="username" />
        <TextField source="displayName" label="Name" sortable={false} />
        <TextField source="policyName" label="Policy" sortable={false} />
        <DateField source="passwordChangedAt" label="Last changed" sortable={false} emptyText="—" />
        <DateField source="passwordExpiresAt" label="Expires" showTime />
        <FunctionField<{ daysLeft: number }>
          label="Days left"
          sortable={false}
          render={(record) => (record.daysLeft <= 0 ? 'today' : String(record.daysLeft))}
        />
        <AccountStatusField label="Status" />
        <MilestoneChips label="Reminders" />
      </Datagrid>
    </List>
  </Box>
);
