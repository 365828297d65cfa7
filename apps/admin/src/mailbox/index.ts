import InboxIcon from '@mui/icons-material/Inbox';
import { MailboxList } from './MailboxList';
import { MailboxShow } from './MailboxShow';

export default {
  name: 'mailbox',
  list: MailboxList,
  show: MailboxShow,
  icon: InboxIcon,
  options: { label: 'Mailbox' },
};
