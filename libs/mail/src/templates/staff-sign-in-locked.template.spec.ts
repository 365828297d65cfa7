import { renderMail } from './index';

describe('staff sign-in paused email', () => {
  const context = { appUrl: 'https://help.example.com', productName: 'ResetDesk' };
  const data = { name: 'Dana <b>Reyes</b>', address: '198.51.100.7', failures: 5, until: '2026-12-01T10:15:00.000Z' };

  it('names the address, how many tries and until when, with a fixed subject', () => {
    const mail = renderMail('staff-sign-in-locked', { ...data, scope: 'address' }, context);
    expect(mail.subject).toBe('Sign-in to your staff account was paused');
    expect(mail.text).toContain('5 wrong passwords were entered for your staff account, the last from 198.51.100.7');
    expect(mail.text).toContain('from that address is paused until 2026-12-01 10:15 UTC');
    expect(mail.html).toContain('Dana &lt;b&gt;Reyes&lt;/b&gt;');
  });

  it('says when every address is locked, and when the password was right but the codes were not', () => {
    expect(renderMail('staff-sign-in-locked', { ...data, failures: 20, scope: 'member' }, context).text).toContain(
      'paused from every address',
    );
    const secondFactor = renderMail('staff-sign-in-locked', { ...data, scope: 'second-factor' }, context).text;
    expect(secondFactor).toContain('5 wrong two-factor codes');
    expect(secondFactor).toContain('change it now');
  });
});
