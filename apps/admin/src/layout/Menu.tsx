import MonitorHeartIcon from '@mui/icons-material/MonitorHeart';
import { Menu as RaMenu } from 'react-admin';
import mailbox from '../mailbox';
import notifications from '../notifications';
import { useSystemInfo } from '../useSystemInfo';

export const Menu = () => {
  const { data: info } = useSystemInfo();
  return (
    <RaMenu>
      <RaMenu.Item to="/system" primaryText="System" leftIcon={<MonitorHeartIcon />} />
      <RaMenu.Item to="/notifications" primaryText="Notifications" leftIcon={<notifications.icon />} />
      {info?.mailCatcher && <RaMenu.Item to="/mailbox" primaryText="Mailbox" leftIcon={<mailbox.icon />} />}
    </RaMenu>
  );
};
