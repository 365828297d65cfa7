import MailOutlinedIcon from '@mui/icons-material/MailOutlined';
import { NotificationList } from './NotificationList';
import { NotificationShow } from './NotificationShow';

export default {
  name: 'notifications',
  list: NotificationList,
  show: NotificationShow,
  icon: MailOutlinedIcon,
  options: { label: 'Notifications' },
  recordRepresentation: (record: { id: number; subject: string }) => `#${record.id} ${record.subject}`,
};
