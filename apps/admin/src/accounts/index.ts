import PeopleIcon from '@mui/icons-material/People';
import { AccountCreate, AccountEdit } from './AccountEdit';
import { AccountList } from './AccountList';
import { AccountShow } from './AccountShow';

export default {
  name: 'accounts',
  list: AccountList,
  show: AccountShow,
  edit: AccountEdit,
  create: AccountCreate,
  icon: PeopleIcon,
  options: { label: 'Accounts' },
  recordRepresentation: 'username',
};
