import { Box, Card, CardContent, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import {
  BooleanInput,
  CheckboxGroupInput,
  maxValue,
  minValue,
  NumberInput,
  required,
  SelectInput,
  SimpleForm,
  TextInput,
  useRecordContext,
} from 'react-admin';
import { PasswordChecklist } from '../shared/PasswordChecklist';
import { ImpactSaveToolbar } from './ImpactSaveToolbar';

const CLASS_CHOICES = [
  { id: 'lower', name: 'lowercase' },
  { id: 'upper', name: 'uppercase' },
  { id: 'digit', name: 'digit' },
  { id: 'special', name: 'special character' },
];
const N_OF_4 = [0, 1, 2, 3, 4].map((n) => ({ id: n, name: n === 0 ? 'no "N of 4" rule' : `${n} of 4 classes` }));
const STRENGTH = [
  'off',
  '1 · very guessable or better',
  '2 · somewhat guessable or better',
  '3 · safely unguessable',
  '4 · very unguessable',
].map((name, id) => ({ id, name }));

// "7, 3, 0" in the form; [7, 3, 0] in the API.
const formatDays = (days?: number[]) => (Array.isArray(days) ? days.join(', ') : days);
const parseDays = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map(Number);

/** Try a password against the saved policy while editing it. */
const Tryout = () => {
  const record = useRecordContext<{ id: number }>();
  const [password, setPassword] = useState('');
  if (!record) return null;
  return (
    <Card variant="outlined" sx={{ width: 360, alignSelf: 'flex-start' }}>
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Try a password
        </Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          Checked against the saved policy; save to try new settings.
        </Typography>
        <TextField
          label="Password to try"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          fullWidth
          slotProps={{ htmlInput: { 'data-testid': 'try-password' } }}
        />
        <PasswordChecklist password={password} policyId={record.id} />
      </CardContent>
    </Card>
  );
};

export const PolicyForm = ({ withTryout = false }: { withTryout?: boolean }) => (
  <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
    <SimpleForm sx={{ maxWidth: 640 }} toolbar={withTryout ? <ImpactSaveToolbar /> : undefined}>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="description" fullWidth multiline />
      <NumberInput source="minLength" label="Minimum length" validate={[required(), minValue(4), maxValue(256)]} step={1} />
      <NumberInput
        source="maxLength"
        label="Maximum length"
        validate={[required(), minValue(64), maxValue(1024)]}
        step={1}
        helperText="At least 64, so passphrases fit"
      />
      <SelectInput source="minClasses" label="Character classes" choices={N_OF_4} validate={required()} />
      <CheckboxGroupInput source="requiredClasses" label="Each of these must appear" choices={CLASS_CHOICES} />
      <NumberInput
        source="maxAgeDays"
        label="Maximum age (days)"
        helperText="0 = never expires"
        validate={[required(), minValue(0), maxValue(3650)]}
        step={1}
      />
      <NumberInput
        source="historyCount"
        label="Previous passwords that may not be reused"
        validate={[required(), minValue(0), maxValue(24)]}
        step={1}
      />
      <TextInput
        source="reminderDays"
        label="Reminder days before expiry"
        format={formatDays}
        parse={parseDays}
        helperText="e.g. 7, 3, 0"
      />
      <BooleanInput source="blocklist" label="Refuse common passwords" />
      <SelectInput source="minStrength" label="Minimum strength (zxcvbn)" choices={STRENGTH} validate={required()} />
      <BooleanInput source="forbidPersonalInfo" label="Refuse parts of the username, email name or display name" />
      <BooleanInput source="isDefault" label="Default policy for accounts without one" />
    </SimpleForm>
    {withTryout && <Tryout />}
  </Box>
);
