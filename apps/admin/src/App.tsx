import { QueryClient } from '@tanstack/react-query';
import { Admin, CustomRoutes, Resource } from 'react-admin';
import { BrowserRouter, Route } from 'react-router-dom';
import accounts from './accounts';
import audit from './audit';
import { LoginPage } from './auth/LoginPage';
import { authProvider, hasRole, type Permissions } from './authProvider';
import { Dashboard } from './Dashboard';
import { dataProvider } from './dataProvider';
import { Layout } from './layout/Layout';
import { darkTheme, lightTheme } from './layout/theme';
import mailbox from './mailbox';
import notifications from './notifications';
import policies from './policies';
import reminders from './reminders';
import { ImportPage } from './accounts/ImportPage';
import { ProfilePage } from './profile/ProfilePage';
import staff from './staff';
import tickets from './tickets';
import { SystemPage } from './system/SystemPage';

// react-query retries a failed query three times with back-off; an answer of 4xx (401 signed out,
// 403, 429 rate-limited…) will not change by asking again, and retrying the auth checks on 401 held
// the sign-in page back for seconds while spending the sign-in rate limit.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) => {
        const status = (error as { status?: number }).status ?? 0;
        return failures < 2 && !(status >= 400 && status < 500);
      },
    },
  },
});

// A browser router under /admin gives real URLs; the API serves index.html for every /admin path.
// Navigations are not transitions: react-admin redirects a signed-out visitor by a logout that also
// clears the query cache, and the auth check that clearing restarts kept interrupting a transition
// to the sign-in page, so the page stayed on "Loading" while the redirect repeated.
export const App = () => (
  <BrowserRouter basename="/admin" useTransitions={false}>
    <Admin
      title="ResetDesk"
      dataProvider={dataProvider}
      queryClient={queryClient}
      authProvider={authProvider}
      loginPage={LoginPage}
      layout={Layout}
      theme={lightTheme}
      darkTheme={darkTheme}
      dashboard={Dashboard}
      requireAuth
      disableTelemetry
    >
      {(permissions: Permissions) => (
        <>
          {hasRole(permissions, 'verifier') && <Resource {...tickets} />}
          {hasRole(permissions, 'supervisor') && <Resource {...notifications} />}
          {hasRole(permissions, 'supervisor') && <Resource {...reminders} />}
          {hasRole(permissions, 'supervisor') && <Resource name="reminder-runs" />}
          {hasRole(permissions, 'supervisor') && <Resource {...audit} />}
          {hasRole(permissions, 'admin') && <Resource {...staff} />}
          {hasRole(permissions, 'verifier') && (
            <Resource
              {...accounts}
              edit={hasRole(permissions, 'admin') ? accounts.edit : undefined}
              create={hasRole(permissions, 'admin') ? accounts.create : undefined}
            />
          )}
          {/* Everyone reads policies (account forms and lists name them); only admins get the pages. */}
          {hasRole(permissions, 'admin') ? <Resource {...policies} /> : <Resource name="password-policies" recordRepresentation="name" />}
          {hasRole(permissions, 'verifier') && <Resource {...mailbox} />}
          <CustomRoutes>
            <Route path="/profile" element={<ProfilePage />} />
            {hasRole(permissions, 'supervisor') && <Route path="/system" element={<SystemPage />} />}
            {hasRole(permissions, 'admin') && <Route path="/accounts/import" element={<ImportPage />} />}
          </CustomRoutes>
        </>
      )}
    </Admin>
  </BrowserRouter>
);
