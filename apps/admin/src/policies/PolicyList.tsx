import { Chip } from '@mui/material';
import { Datagrid, FunctionField, List, NumberField, TextField } from 'react-admin';
import type { Policy } from '../api/types';

type PolicyRow = Policy;

const classes = (policy: PolicyRow) =>
  [
    policy.minClasses > 0 ? `${policy.minClasses} of 4` : '',
    policy.requiredClasses.length > 0 ? `needs ${policy.requiredClasses.join(' + ')}` : '',
  ]
    .filter(Boolean)
    .join('; ') || '—';

export const PolicyList = () => (
  <List sort={{ field: 'name', order: 'ASC' }} title="Password policies" exporter={false}>
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="name" />
      <FunctionField
        label=""
        render={(policy: PolicyRow) => (policy.isDefault ? <Chip size="small" color="primary" label="default" /> : null)}
      />
      <NumberField source="minLength" label="Min length" />
      <FunctionField label="Character classes" render={classes} />
      <FunctionField
        label="Expires"
        sortBy="maxAgeDays"
        render={(policy: PolicyRow) => (policy.maxAgeDays > 0 ? `after ${policy.maxAgeDays} days` : 'never')}
      />
      <NumberField source="historyCount" label="History" />
    </Datagrid>
  </List>
);
