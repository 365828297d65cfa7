import type { ReactNode } from 'react';
import { AppBar, Layout as RaLayout, TitlePortal, UserMenu, useGetIdentity } from 'react-admin';
import { Menu } from './Menu';

/**
 * The page title is the page's level-one heading, and the user button's
 * accessible name starts with the name it shows (react-admin's says
 * "Profile" over the member's name).
 */
const HeadedAppBar = () => {
  const { identity } = useGetIdentity();
  const label = identity?.fullName ? `${identity.fullName}: account menu` : 'Account menu';
  return (
    <AppBar userMenu={<UserMenu label={label} />}>
      <TitlePortal component="h1" variant="h6" />
    </AppBar>
  );
};

export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout menu={Menu} appBar={HeadedAppBar}>
    {children}
  </RaLayout>
);
