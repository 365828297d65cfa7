import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import MonitorHeartIcon from '@mui/icons-material/MonitorHeart';
import { Menu as RaMenu, usePermissions } from 'react-admin';
import accounts from '../accounts';
import audit from '../audit';
import { hasRole, type Permissions } from '../authProvider';
import mailbox from '../mailbox';
import notifications from '../notifications';
import policies from '../policies';
import reminders from '../reminders';
import staff from '../staff';
import tickets from '../tickets';
import { useSystemInfo } from '../useSystemInfo';

/** Shows each member only what their role may open. */
export const Menu = () => {
  const { permissions } = usePermissions<Permissions>();
  const { data: info } = useSystemInfo(!permissions?.mfaEnrollmentRequired);
  return (
    <RaMenu>
      {hasRole(permissions, 'verifier') && <RaMenu.Item to="/tickets" primaryText="Tickets" leftIcon={<tickets.icon />} />}
      {hasRole(permissions, 'verifier') && <RaMenu.Item to="/accounts" primaryText="Accounts" leftIcon={<accounts.icon />} />}
      {hasRole(permissions, 'supervisor') && <RaMenu.Item to="/system" primaryText="System" leftIcon={<MonitorHeartIcon />} />}
      {hasRole(permissions, 'supervisor') && (
        <RaMenu.Item to="/upcoming-expiries" primaryText="Upcoming expiries" leftIcon={<reminders.icon />} />
      )}
      {hasRole(permissions, 'supervisor') && (
        <RaMenu.Item to="/notifications" primaryText="Notifications" leftIcon={<notifications.icon />} />
      )}
      {hasRole(permissions, 'supervisor') && <RaMenu.Item to="/audit-events" primaryText="Audit log" leftIcon={<audit.icon />} />}
      {hasRole(permissions, 'admin') && <RaMenu.Item to="/staff" primaryText="Staff" leftIcon={<staff.icon />} />}
      {hasRole(permissions, 'admin') && <RaMenu.Item to="/password-policies" primaryText="Policies" leftIcon={<policies.icon />} />}
      {info?.mailCatcher && hasRole(permissions, 'verifier') && (
        <RaMenu.Item to="/mailbox" primaryText="Mailbox" leftIcon={<mailbox.icon />} />
      )}
      <RaMenu.Item to="/profile" primaryText="Profile" leftIcon={<AccountCircleIcon />} />
    </RaMenu>
  );
};
