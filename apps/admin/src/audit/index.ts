import PolicyIcon from '@mui/icons-material/Policy';
import { AuditEventList } from './AuditEventList';
import { AuditEventShow } from './AuditEventShow';

export default {
  name: 'audit-events',
  list: AuditEventList,
  show: AuditEventShow,
  icon: PolicyIcon,
  options: { label: 'Audit log' },
};
