import { TextField } from '@mui/material';

interface CurrentPasswordFieldProps {
  value: string;
  onChange: (password: string) => void;
  testId: string;
  helperText?: string;
  fullWidth?: boolean;
}

/** The staff member's own password, asked again before a sensitive change (2FA enrollment or reset). */
export function CurrentPasswordField({ value, onChange, testId, helperText, fullWidth }: CurrentPasswordFieldProps) {
  return (
    <TextField
      fullWidth={fullWidth}
      margin={fullWidth ? 'normal' : undefined}
      label="Your password"
      type="password"
      autoComplete="current-password"
      helperText={helperText}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      slotProps={{ htmlInput: { 'data-testid': testId } }}
    />
  );
}
