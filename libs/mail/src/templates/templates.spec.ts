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
