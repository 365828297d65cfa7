import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { InvitationPage } from './invitation/InvitationPage';

// The invitation page is for someone without an account yet: it stands outside the signed-in app.
const page = window.location.pathname.replace(/\/+$/, '') === '/admin/invitation' ? <InvitationPage /> : <App />;

createRoot(document.getElementById('root')!).render(<StrictMode>{page}</StrictMode>);
