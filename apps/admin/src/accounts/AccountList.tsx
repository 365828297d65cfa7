import StarIcon from '@mui/icons-material/Star';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Link } from 'react-router-dom';
import {
  BooleanInput,
  Button,
  CreateButton,
  Datagrid,
  FilterButton,
  FunctionField,
  List,
  NumberInput,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TextField,
  TopToolbar,
  usePermissions,
} from 'react-admin';
import { hasRole, type Permissions } from '../authProvider';
import { AccountStatusField, ExpiryField } from './AccountStatusField';

export const STATUS_CHOICES = ['active', 'expired', 'locked', 'disabled'].map((status) => ({ id: status, name: status }));

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Username, email or name" />,
  <SelectInput key="status" source="status" choices={STATUS_CHOICES} alwaysOn />,
  <ReferenceInput key="policyId" source="policyId" reference="password-policies">
    <SelectInput label="Policy" optionText="name" />
  </ReferenceInput>,
  <BooleanInput key="privileged" source="privileged" label="Privileged only" />,
  <NumberInput key="expiringWithinDays" source="expiringWithinDays" label="Expiring within (days)" />,
];

const Actions = () => {
  const { permissions } = usePermissions<Permissions>();
  return (
    <TopToolbar>
      <FilterButton />
      {hasRole(permissions, 'admin') && <CreateButton />}
      {hasRole(permissions, 'admin') && <Button component={Link} to="/accounts/import" label="Import CSV" startIcon={<UploadFileIcon />} />}
    </TopToolbar>
  );
};

export const AccountList = () => (
  <List filters={filters} actions={<Actions />} sort={{ field: 'username', order: 'ASC' }} title="Accounts">
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="username" />
      <TextField source="displayName" label="Name" />
      <TextField source="email" />
      <AccountStatusField label="Status" sortBy="status" />
      <FunctionField
        label=""
        render={(account: { privileged: boolean }) =>
          account.privileged ? <StarIcon fontSize="small" titleAccess="privileged" color="warning" /> : null
        }
      />
      <ReferenceField source="policyId" reference="password-policies" label="Policy" emptyText="default" link={false}>
        <TextField source="name" />
      </ReferenceField>
      <FunctionField
        label="Password age"
        sortBy="passwordChangedAt"
        render={(account: { passwordAgeDays: number | null }) => (account.passwordAgeDays === null ? '—' : `${account.passwordAgeDays} d`)}
      />
      <ExpiryField label="Expires" sortBy="passwordExpiresAt" />
    </Datagrid>
  </List>
);
