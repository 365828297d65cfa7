import { AuditEventEntity } from '@resetdesk/audit';
import { RateLimiter } from '@resetdesk/core';
import { CHANGE_PASSWORD_ATTEMPTS, PortalRequests } from '@resetdesk/self-service';
import { TicketEntity } from '@resetdesk/tickets';
import { createDana, useDesk } from '../support/desk';
import { waitFor } from '../support/wait-for';

/**
 * The database takes `dreyes`, `DREYES`, `dréyes` and `ｄｒｅｙｅｓ` for one
 * username (utf8mb4_unicode_ci), so the per-name limits must too: however the
 * name is spelled and however many requests arrive at once.
 */
describe('per-name limits and look-alike names', () => {
  const desk = useDesk();
  let accountId: number;

  beforeEach(async () => {
    accountId = await createDana(desk.admin, { password: 'Original-pass-2026!' });
  });

  /** Spellings the database takes for `base`, a username or an address (of which only the local part, so it stays one). */
  const lookAlikes = (base: string) => {
    const [name, domain] = base.split('@') as [string, string | undefined];
    const fullWidth = name.replace(/[a-z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) + 0xfee0));
    const decomposed = name.replace(/[aeiou]/, (vowel) => `${vowel}\u0301`); // an acute accent on the first vowel
    const accented = decomposed.normalize('NFC');
    return [name, name.toUpperCase(), accented, accented.toUpperCase(), fullWidth, decomposed].map((spelling) =>
      domain ? `${spelling}@${domain}` : spelling,
    );
  };
  const statuses = (responses: Array<{ status: number }>) => responses.map((response) => response.status).sort();
  const count = (status: number) => (responses: Array<{ status: number }>) =>
    responses.filter((response) => response.status === status).length;

  it('every spelling of one username reaches the account; the database agrees', async () => {
    for (const spelling of lookAlikes('dreyes')) {
      const rows: Array<{ id: number }> = await desk.stack.dataSource.query('SELECT id FROM accounts WHERE username = ?', [spelling]);
      expect(rows.map((row) => Number(row.id))).toEqual([accountId]);
    }
  });

  it('change password: 50 wrong passwords at once under look-alike usernames get 5 evaluations in all', async () => {
    const spellings = lookAlikes('dreyes');
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        desk.stack.http.post('/api/self-service/change-password').send({
          username: spellings[i % spellings.length],
          currentPassword: `wrong-${i}`,
          newPassword: 'Harbor-lantern-57-quiet',
          confirmPassword: 'Harbor-lantern-57-quiet',
        }),
      ),
    );
    expect(count(401)(responses)).toBe(5);
    expect(count(429)(responses)).toBe(45);
    expect(
      await desk.stack.dataSource.getRepository(AuditEventEntity).countBy({ action: 'self_service.password_change_refused', accountId }),
    ).toBe(5);
  });

  it('change password also counts per account, whatever spelling found it', async () => {
    const attempt = (username: string) =>
      desk.stack.http
        .post('/api/self-service/change-password')
        .send({ username, currentPassword: 'wrong', newPassword: 'Harbor-lantern-57-quiet', confirmPassword: 'Harbor-lantern-57-quiet' });
    for (let i = 0; i < 5; i++) await attempt('dreyes').expect(401);
    // A spelling that would have a count of its own (as if the name folding missed it) still meets the account's.
    await desk.stack.api.get(RateLimiter).reset(CHANGE_PASSWORD_ATTEMPTS, 'dreyes');
    const refused = await attempt('dreyes').expect(429);
    expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
    expect(
      await desk.stack.dataSource.getRepository(AuditEventEntity).countBy({ action: 'self_service.password_change_refused', accountId }),
    ).toBe(5);
  });

  it('contact support: 50 requests at once under look-alike addresses open 3 tickets and send 3 emails', async () => {
    const spellings = lookAlikes('dana@example.com');
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        desk.stack.http.post('/api/self-service/tickets').send({ email: spellings[i % spellings.length], subject: `Locked out ${i}` }),
      ),
    );
    expect(statuses(responses)).toEqual([...Array(3).fill(202), ...Array(47).fill(429)]);
    const tickets = desk.stack.dataSource.getRepository(TicketEntity);
    await waitFor(async () => (await tickets.countBy({ accountId })) === 3, { what: 'three portal tickets' });
    await waitFor(() => desk.mailbox.messages.filter((message) => message.to.includes('dana@example.com')).length === 3, {
      what: 'three emails to the holder',
    });
    // The queue is drained: nothing more comes.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await tickets.countBy({ accountId })).toBe(3);
    expect(desk.mailbox.messages.filter((message) => message.to.includes('dana@example.com'))).toHaveLength(3);
  });

  it('contact support also caps tickets per account, whichever address found it', async () => {
    // Past the API's per-address limit: the requests as rows, answered by the worker one by one.
    const requests = desk.stack.api.get(PortalRequests);
    for (const email of lookAlikes('dana@example.com').slice(0, 5)) {
      await requests.submit(
        'contact-support',
        { email, subject: 'Locked out', description: '', callbackPhone: null, callbackEmail: null },
        { ip: '203.0.113.9', userAgent: null },
      );
    }
    await waitFor(
      async () =>
        Number((await desk.stack.dataSource.query("SELECT COUNT(*) AS n FROM portal_requests WHERE status = 'processed'"))[0].n) === 5,
      { what: 'five answered requests' },
    );
    expect(await desk.stack.dataSource.getRepository(TicketEntity).countBy({ accountId })).toBe(3);
  });

  it('forgot password: the per-address limits count look-alike addresses as one, also 50 at once', async () => {
    const spellings = lookAlikes('dana@example.com');
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        desk.stack.http.post('/api/self-service/forgot-password').send({ email: spellings[i % spellings.length] }),
      ),
    );
    expect(statuses(responses)).toEqual([202, ...Array(49).fill(429)]);
    for (const spelling of spellings)
      expect((await desk.stack.http.post('/api/self-service/forgot-password').send({ email: spelling }).expect(429)).body.code).toBe(
        'CODE_RESEND_TOO_SOON',
      );
  });
});
