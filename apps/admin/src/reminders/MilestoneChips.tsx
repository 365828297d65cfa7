import { Chip, Stack, Tooltip } from '@mui/material';
import { useNavigate } from 'react-router-dom';
import { useRecordContext } from 'react-admin';
import type { MilestoneState } from '../api/types';

const COLORS = { queued: 'info', sent: 'success', failed: 'error', due: 'default', missed: 'warning' } as const;
const MEANING = {
  queued: 'queued for delivery',
  sent: 'sent',
  failed: 'delivery failed — open it to retry',
  due: 'goes out on its day',
  missed: 'its day passed without a reminder',
} as const;

/** One chip per reminder day of the account's policy; a chip with an email behind it opens it in the delivery log. */
export const MilestoneChips = (_props: { label?: string }) => {
  const record = useRecordContext<{ reminders: MilestoneState[] }>();
  const navigate = useNavigate();
  if (!record) return null;
  return (
    <Stack direction="row" spacing={0.5} data-testid="milestones">
      {record.reminders.map((reminder) => (
        <Tooltip
          key={reminder.milestone}
          title={`${reminder.milestone}-day reminder: ${MEANING[reminder.state]}${reminder.at ? ` (${new Date(reminder.at).toLocaleString()})` : ''}`}
        >
          <Chip
            size="small"
            variant={reminder.notificationId ? 'filled' : 'outlined'}
            color={COLORS[reminder.state]}
            label={`${reminder.milestone}d ${reminder.state}`}
            onClick={
              reminder.notificationId
                ? (event) => {
                    event.stopPropagation();
                    // Not awaited: the router settles the navigation itself; the click handler has nothing left to do.
                    void navigate(`/notifications/${reminder.notificationId}/show`);
                  }
                : undefined
            }
          />
        </Tooltip>
      ))}
    </Stack>
  );
};
