import { Checkbox, FormControlLabel, TextField } from '@mui/material';
import { useState } from 'react';

/** What the holder types to prove who they are: their username and current password. */
export function useCurrentCredentials() {
  const [username, setUsername] = useState('');
  const [current, setCurrent] = useState('');
  const [show, setShow] = useState(false);
  const missing = !username.trim() ? 'Type your username' : !current ? 'Type your current password' : undefined;
  return {
    username: username.trim(),
    current,
    missing,
    fields: { username, setUsername, current, setCurrent, show, setShow },
    /** The body the self-service API takes as proof. */
    body: () => ({ username: username.trim(), currentPassword: current }),
  };
}

/** Username, current password and "Show password", for a form inside a Stack. */
export const CurrentCredentialsFields = ({ credentials }: { credentials: ReturnType<typeof useCurrentCredentials> }) => {
  const { username, setUsername, current, setCurrent, show, setShow } = credentials.fields;
  return (
    <>
      <TextField
        label="Username"
        value={username}
        onChange={(event) => setUsername(event.target.value)}
        autoComplete="username"
        autoFocus
        fullWidth
      />
      <TextField
        label="Current password"
        type={show ? 'text' : 'password'}
        value={current}
        onChange={(event) => setCurrent(event.target.value)}
        autoComplete="current-password"
        fullWidth
      />
      <FormControlLabel control={<Checkbox checked={show} onChange={(event) => setShow(event.target.checked)} />} label="Show password" />
    </>
  );
};
