import PasswordIcon from '@mui/icons-material/Password';
import { PolicyCreate, PolicyEdit } from './PolicyEdit';
import { PolicyList } from './PolicyList';

export default {
  name: 'password-policies',
  list: PolicyList,
  edit: PolicyEdit,
  create: PolicyCreate,
  icon: PasswordIcon,
  options: { label: 'Policies' },
  recordRepresentation: 'name',
};
