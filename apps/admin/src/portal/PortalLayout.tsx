import { AppBar, Box, Button, Container, Link, Stack, Toolbar, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Link as RouterLink, useLocation } from 'react-router-dom';

const PAGES = [
  { to: '/forgot-password', label: 'Forgot password' },
  { to: '/change-password', label: 'Change password' },
  { to: '/contact', label: 'Contact support' },
  { to: '/authenticator', label: 'Authenticator app' },
  { to: '/personal-email', label: 'Personal email' },
  { to: '/help', label: 'Help' },
];

/** A light frame: the product name, the portal's pages, and the way to staff sign-in. Works on a phone-sized screen. */
export const PortalLayout = ({ children }: { children: ReactNode }) => {
  const { pathname } = useLocation();
  return (
    <Box sx={{ minHeight: '100vh', bgcolor: '#f4f5f7', display: 'flex', flexDirection: 'column' }}>
      <AppBar position="static" elevation={0} color="primary">
        <Toolbar sx={{ flexWrap: 'wrap', gap: 1, py: 1 }}>
          <Typography variant="h6" component={RouterLink} to="/" sx={{ color: 'inherit', textDecoration: 'none', flexGrow: 1 }}>
            ResetDesk account help
          </Typography>
          <Stack component="nav" aria-label="Account help pages" direction="row" sx={{ flexWrap: 'wrap' }}>
            {PAGES.map((page) => (
              <Button
                key={page.to}
                component={RouterLink}
                to={page.to}
                color="inherit"
                size="small"
                aria-current={pathname === page.to ? 'page' : undefined}
                sx={{ textDecoration: pathname === page.to ? 'underline' : 'none' }}
              >
                {page.label}
              </Button>
            ))}
          </Stack>
        </Toolbar>
      </AppBar>
      <Container component="main" maxWidth="sm" sx={{ py: 4, flexGrow: 1 }}>
        {children}
      </Container>
      <Box component="footer" sx={{ py: 2, textAlign: 'center' }}>
        <Link href="/admin/" variant="body2" color="text.secondary">
          Staff sign-in
        </Link>
      </Box>
    </Box>
  );
};
