import { AppBar, Box, Container, Link, Toolbar, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';

/** A light frame: the product name, the page, and the way to staff sign-in. Works on a phone-sized screen. */
export const PortalLayout = ({ children }: { children: ReactNode }) => (
  <Box sx={{ minHeight: '100vh', bgcolor: '#f4f5f7', display: 'flex', flexDirection: 'column' }}>
    <AppBar position="static" elevation={0} color="primary">
      <Toolbar>
        <Typography variant="h6" component={RouterLink} to="/" sx={{ color: 'inherit', textDecoration: 'none', flexGrow: 1 }}>
          ResetDesk account help
        </Typography>
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
