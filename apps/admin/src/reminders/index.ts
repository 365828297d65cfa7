import EventBusyIcon from '@mui/icons-material/EventBusy';
import { UpcomingExpiryList } from './UpcomingExpiryList';

export default {
  name: 'upcoming-expiries',
  list: UpcomingExpiryList,
  icon: EventBusyIcon,
  options: { label: 'Upcoming expiries' },
  recordRepresentation: 'username',
};
