import { html } from './html';
import { renderMail } from './index';

describe('mail templates', () => {
  const context = { appUrl: 'https://help.example.com', productName: 'ResetDesk' };

  it('renders the test email as HTML and text', () => {
    const mail = renderMail('test-email', { requestedAt: '2026-11-26 08:00', note: 'Hello team' }, context);
    expect(mail.subject).toBe('ResetDesk test email');
    expect(mail.html).toContain('<h1 style="margin:0 0 16px;font-size:20px">Outgoing mail works</h1>');
    expect(mail.text).toContain('Hello team');
    expect(mail.text).toContain('https://help.example.com');
  });

  it('escapes data placed into HTML', () => {
    const mail = renderMail('test-email', { requestedAt: 'now', note: '<script>alert(1)</script>' }, context);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('does not escape nested trusted fragments twice', () => {
    expect(html`<p>${html`<b>${'a&b'}</b>`}</p>`.value).toBe('<p><b>a&amp;b</b></p>');
  });
});

describe('reset emails', () => {
  it('builds the reset link under APP_URL, keeping a path prefix', () => {
    const data = { token: 'tok_en-123', ticketId: 7, displayName: 'Jane', expiresInMinutes: 30 };
    const plain = renderMail('reset-link', data, { appUrl: 'https://help.example.com', productName: 'ResetDesk' });
    expect(plain.text).toContain('https://help.example.com/reset?token=tok_en-123');
    const prefixed = renderMail('reset-link', data, { appUrl: 'https://example.com/helpdesk/', productName: 'ResetDesk' });
    expect(prefixed.text).toContain('https://example.com/helpdesk/reset?token=tok_en-123');
    expect(prefixed.html).toContain('href="https://example.com/helpdesk/reset?token=tok_en-123"');
  });

  it('confirms a reset with the fixed subject and the ticket', () => {
    const mail = renderMail(
      'reset-confirmation',
      { displayName: 'Jane', changedAt: '2026-11-26T09:15:00.000Z', ticketId: 7 },
      { appUrl: 'https://help.example.com', productName: 'ResetDesk' },
    );
    expect(mail.subject).toBe('Password reset successful');
    expect(mail.text).toContain('2026-11-26 09:15 UTC (support ticket #7)');
  });
});

describe('expiry reminders', () => {
  const context = { appUrl: 'https://help.example.com/desk', productName: 'ResetDesk' };
  const data = {
    displayName: 'Jane',
    username: 'jdoe',
    milestone: 3,
    daysLeft: 1,
    changedAt: '2026-06-20T12:00:00.000Z',
    expiresAt: '2026-12-17T12:00:00.000Z',
    timeZone: 'UTC',
  };

  it('has a fixed subject per milestone kind, whoever it is for', () => {
    expect(renderMail('expiry-reminder', data, context).subject).toBe('Your password will expire soon');
    expect(renderMail('expiry-reminder', { ...data, displayName: 'Someone else', milestone: 7 }, context).subject).toBe(
      'Your password will expire soon',
    );
    expect(renderMail('expiry-reminder', { ...data, milestone: 0, daysLeft: 0 }, context).subject).toBe('Your password has expired');
  });

  it('prints the days actually left (after a catch-up too), the dates and the portal address as text only', () => {
    const mail = renderMail('expiry-reminder', data, context);
    expect(mail.text).toContain('expires in 1 day, on 17 December 2026 (UTC).');
    expect(mail.text).toContain('    https://help.example.com/desk/change-password');
    expect(mail.html).toContain('https://help.example.com/desk/change-password');
    expect(mail.html).not.toMatch(/<a\s|href=/i);
  });

  it('tells an expired holder that the portal takes the expired password', () => {
    const mail = renderMail('expiry-reminder', { ...data, milestone: 0, daysLeft: -2, changedAt: null }, context);
    expect(mail.text).toContain('The password of your account jdoe has expired (17 December 2026 (UTC)).');
    expect(mail.text).toContain('Last changed: never');
    expect(mail.text).toContain('it accepts your expired password');
  });
});

describe('holder and supervisor notices', () => {
  const context = { appUrl: 'https://help.example.com', productName: 'ResetDesk' };

  it('says a ticket was opened with its number and fixed wording, and asks for no reply', () => {
    const mail = renderMail('ticket-opened', { ticketId: 42, displayName: 'Jane', channel: 'portal' }, context);
    expect(mail.subject).toBe('Support ticket #42 opened for your account');
    expect(mail.text).toContain('Support ticket #42 was opened through the Contact support form of our portal about your account.');
    expect(mail.text).toContain('    https://help.example.com/contact');
    expect(mail.text + mail.html).not.toMatch(/reply(ing)? to this/i);
  });

  it('alerts about a self-service reset without a ticket, pointing to the account', () => {
    const mail = renderMail(
      'privileged-reset-alert',
      {
        ticketId: null,
        accountId: 9,
        accountUsername: 'root',
        method: 'chat',
        agentName: '',
        approverName: null,
        at: '2026-11-26T09:15:00.000Z',
      },
      context,
    );
    expect(mail.subject).toBe('Privileged account reset: root');
    expect(mail.text).toContain(
      'The password of the privileged account root was reset on 2026-11-26 09:15 UTC with the chat command from its linked chat id.',
    );
    expect(mail.text).toContain('https://help.example.com/admin/accounts/9/show');
  });
});

describe('authenticator emails', () => {
  const context = { appUrl: 'https://help.example.com', productName: 'ResetDesk' };

  it.each([
    ['enrolled', 'Authenticator app set up', 'an authenticator app was set up for your account'],
    ['replaced', 'Authenticator app set up', 'a new authenticator app replaced the one set up for your account'],
    ['removed', 'Authenticator app removed', 'the authenticator app was removed from your account'],
  ] as const)('says what changed when an app was %s, and what to do if it was not the holder', (change, subject, what) => {
    const mail = renderMail('authenticator-changed', { displayName: 'Jane <b>', change, at: '2026-12-04T09:15:00.000Z' }, context);
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain(`on 2026-12-04 09:15 UTC ${what}.`);
    expect(mail.text).toContain('If this was not you, contact our support team at once.');
    expect(mail.html).toContain('Hello Jane &lt;b&gt;,');
  });
});
