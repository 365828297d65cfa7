import { Card, CardContent, List, ListItem, ListItemText, Typography } from '@mui/material';

/** How to reset by chat, and what support will and will not ask for. */
export const HelpPage = () => (
  <Card variant="outlined">
    <CardContent>
      <Typography variant="h5" component="h1" gutterBottom>
        Help
      </Typography>
      <Typography variant="h6" component="h2" sx={{ mt: 2 }}>
        Reset your password by chat
      </Typography>
      <Typography sx={{ mb: 1 }}>
        If your chat account is linked to your account with us, send our chat this message, with your new password right after the second #:
      </Typography>
      <Typography
        component="pre"
        sx={{ fontFamily: 'monospace', bgcolor: '#eef2f7', p: 1.5, borderRadius: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
      >
        #resetpassword#Your-new-Passw0rd
      </Typography>
      <Typography sx={{ mt: 1 }}>
        Write it exactly like that: lowercase, no spaces around the # signs. The reply tells you whether the password was changed or which
        rules it did not meet, and we email you a confirmation.
      </Typography>
      <Typography variant="h6" component="h2" sx={{ mt: 3 }}>
        Codes and safety
      </Typography>
      <List dense>
        <ListItem disableGutters>
          <ListItemText primary="A code you asked for yourself (forgot password): never share it — we will never ask for it." />
        </ListItem>
        <ListItem disableGutters>
          <ListItemText primary="A code an agent sent you: the email names the ticket and the agent. Read it only to that agent, on that ticket." />
        </ListItem>
        <ListItem disableGutters>
          <ListItemText primary="A password that expired or a temporary one from support still works on the Change password page, to choose a new one." />
        </ListItem>
      </List>
    </CardContent>
  </Card>
);
