import SupportAgentIcon from '@mui/icons-material/SupportAgent';
import type { Ticket } from '../api/types';
import { TicketCreate } from './TicketCreate';
import { TicketList } from './TicketList';
import { TicketShow } from './TicketShow';

export default {
  name: 'tickets',
  list: TicketList,
  show: TicketShow,
  create: TicketCreate,
  icon: SupportAgentIcon,
  options: { label: 'Tickets' },
  recordRepresentation: (ticket: Ticket) => `#${ticket.id} ${ticket.subject}`,
};
