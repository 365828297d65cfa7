import { Alert, Button, Stack, TextField } from '@mui/material';

/**
 * The second step of a setup confirmed by a 6-digit code (the authenticator app's, or one emailed to a new address):
 * the code field, what went wrong, and Confirm — or Start again once the server said the setup ended (410).
 */
export const ConfirmCodeControls = ({
  label,
  testId,
  code,
  onCode,
  lapsed,
  busy,
  problem,
  onRestart,
}: {
  label: string;
  /** Prefix of the field's and the problem's test ids. */
  testId: string;
  code: string;
  onCode(code: string): void;
  lapsed: boolean;
  busy: boolean;
  problem: string | undefined;
  onRestart(): void;
}) => (
  <Stack spacing={2}>
    <TextField
      label={label}
      value={code}
      onChange={(event) => onCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
      autoComplete="one-time-code"
      slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': `${testId}-code` } }}
      disabled={lapsed}
      fullWidth
    />
    {problem && (
      <Alert severity="error" data-testid={`${testId}-problem`}>
        {problem}
      </Alert>
    )}
    {lapsed ? (
      <Button variant="contained" size="large" onClick={onRestart}>
        Start again
      </Button>
    ) : (
      <Button type="submit" variant="contained" size="large" disabled={busy || code.length !== 6}>
        Confirm
      </Button>
    )}
  </Stack>
);
