import { Stack, TextField, ToggleButton, ToggleButtonGroup } from '@mui/material';
import type { StatsBucket } from '@resetdesk/stats/stats.types';
import { type DashboardRange, PRESET_DAYS, resolveRange } from './dashboardRange';

interface RangePickerProps {
  value: DashboardRange;
  onChange: (range: DashboardRange) => void;
}

/** Last 7/30/90 days or any days from..to, per day or per week. */
export const RangePicker = ({ value, onChange }: RangePickerProps) => {
  const { from, to, bucket } = resolveRange(value);
  const setDay = (field: 'from' | 'to', day: string) => {
    if (!day) return;
    const next = { from, to, [field]: day };
    // Keep the range the right way round when one end jumps past the other.
    if (next.from > next.to) next[field === 'from' ? 'to' : 'from'] = day;
    onChange({ kind: 'fixed', ...next, bucket });
  };
  return (
    <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'center' } }} data-testid="range-picker">
      <ToggleButtonGroup
        size="small"
        exclusive
        value={value.kind === 'last' ? value.days : null}
        onChange={(_, days: number | null) => days && onChange({ kind: 'last', days, bucket })}
        aria-label="Range"
      >
        {PRESET_DAYS.map((days) => (
          <ToggleButton key={days} value={days} aria-label={`Last ${days} days`} sx={{ whiteSpace: 'nowrap' }}>
            {days} days
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <TextField
        size="small"
        type="date"
        label="From"
        value={from}
        onChange={(event) => setDay('from', event.target.value)}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'aria-label': 'From' } }}
      />
      <TextField
        size="small"
        type="date"
        label="To"
        value={to}
        onChange={(event) => setDay('to', event.target.value)}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'aria-label': 'To' } }}
      />
      <ToggleButtonGroup
        size="small"
        exclusive
        value={bucket}
        onChange={(_, next: StatsBucket | null) => next && onChange({ ...value, bucket: next })}
        aria-label="Bucket"
      >
        <ToggleButton value="day" sx={{ whiteSpace: 'nowrap' }}>
          Per day
        </ToggleButton>
        <ToggleButton value="week" sx={{ whiteSpace: 'nowrap' }}>
          Per week
        </ToggleButton>
      </ToggleButtonGroup>
    </Stack>
  );
};
