import { createTheme, CssBaseline, ThemeProvider } from '@mui/material';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuthenticatorPage } from './AuthenticatorPage';
import { ChangePasswordPage } from './ChangePasswordPage';
import { ContactSupportPage } from './ContactSupportPage';
import { ForgotPasswordPage } from './ForgotPasswordPage';
import { HelpPage } from './HelpPage';
import { HomePage } from './HomePage';
import { ManagerApprovalPage } from './ManagerApprovalPage';
import { NotFoundPage } from './NotFoundPage';
import { PersonalEmailPage } from './PersonalEmailPage';
import { PortalLayout } from './PortalLayout';
import { ResetPage } from './ResetPage';

const theme = createTheme({ palette: { primary: { main: '#1d4ed8' } }, shape: { borderRadius: 8 } });

/** The self-service portal: account holders, no sign-in, no react-admin. */
export const Portal = () => (
  <ThemeProvider theme={theme}>
    <CssBaseline />
    <BrowserRouter>
      <PortalLayout>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/reset" element={<ResetPage />} />
          <Route path="/change-password" element={<ChangePasswordPage />} />
          <Route path="/forgot-password" element={<ForgotPasswordPage />} />
          <Route path="/contact" element={<ContactSupportPage />} />
          <Route path="/authenticator" element={<AuthenticatorPage />} />
          <Route path="/personal-email" element={<PersonalEmailPage />} />
          <Route path="/manager-approval" element={<ManagerApprovalPage />} />
          <Route path="/help" element={<HelpPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </PortalLayout>
    </BrowserRouter>
  </ThemeProvider>
);
