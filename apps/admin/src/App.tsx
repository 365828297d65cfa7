import { Admin, CustomRoutes, Resource } from 'react-admin';
import { BrowserRouter, Route } from 'react-router-dom';
import { dataProvider } from './dataProvider';
import { Layout } from './layout/Layout';
import mailbox from './mailbox';
import notifications from './notifications';
import { SystemPage } from './system/SystemPage';

// A browser router under /admin gives real URLs; the API serves index.html for every /admin path.
export const App = () => (
  <BrowserRouter basename="/admin">
    <Admin title="ResetDesk" dataProvider={dataProvider} layout={Layout} dashboard={SystemPage} disableTelemetry>
      <Resource {...notifications} />
      <Resource {...mailbox} />
      <CustomRoutes>
        <Route path="/system" element={<SystemPage />} />
      </CustomRoutes>
    </Admin>
  </BrowserRouter>
);
