import { AccountEntity } from '@resetdesk/accounts';
import { PrivateSamba } from '../support/private-samba';
import { TestMailbox } from '../support/smtp-sink';
import { signedIn } from '../support/staff';
import { holderFlows, letTheDirectoryJudgeClasses, linkToEntry } from '../support/holder-flows';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';

const ORIGINAL = 'Original-pass-2026!';
const CHOSEN = 'Harbor-lantern-57-quiet';

/**
 * The password flows through the API with Active Directory (Samba AD DC) as
 * the store: resets land where people sign in, a temporary password is
 * changed on the portal although AD will not let the holder bind with it,
 * AD's verdicts reach the person as rules, and an absent DC is a 503.
 */
describe('resets written to Active Directory', () => {
  let samba: PrivateSamba;
  let mailbox: TestMailbox;
  let stack: TestStack;
  let agent: ReturnType<typeof as>;
  let dn: string;
  let username: string;
  let accountId: number;

  beforeAll(async () => {
    samba = await PrivateSamba.start();
    mailbox = await TestMailbox.start();
    // Short enough for the hung-DC case to end soon, long enough for a Samba password write on a busy 2-core runner
    // (one took over 2 s while two suites ran side by side).
    stack = await startTestStack({ env: { SMTP_URL: mailbox.url, ...samba.env({ DIRECTORY_TIMEOUT_MS: '4000' }) } });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await mailbox?.stop();
    await samba?.stop();
  });

  let seq = 0;
  beforeEach(async () => {
    await resetState(stack);
    mailbox.clear();
    agent = as(stack, (await signedIn(stack, 'agent')).token);
    const admin = as(stack, (await signedIn(stack, 'admin')).token);
    // A new entry per test: AD's history and lockout state stay with the entry.
    username = `dana${process.pid % 10_000}x${++seq}`;
    dn = await samba.addUser({
      sAMAccountName: username,
      displayName: `Dana Reyes ${seq}`,
      mail: `${username}@example.com`,
      password: ORIGINAL,
    });
    accountId = (
      await admin
        .post('/api/accounts')
        .send({ username, email: `${username}@example.com`, displayName: 'Dana Reyes' })
        .expect(201)
    ).body.id;
    await linkToEntry(stack, accountId, dn, String((await samba.read(dn, ['objectGUID'])).objectGUID));
  });

  const { account, events, verifiedTicket, linkFor, redeem, chat, forgotPassword } = holderFlows(() => ({
    stack,
    mailbox,
    agent,
    accountId,
  }));
  const change = (currentPassword: string, newPassword: string) =>
    stack.http.post('/api/self-service/change-password').send({ username, currentPassword, newPassword, confirmPassword: newPassword });

  it('a reset link sets the password in AD: the new one binds, the old one does not, no hash is kept here', async () => {
    const token = await linkFor(await verifiedTicket());
    await redeem(token, CHOSEN).expect(204);
    expect(await samba.canBind(dn, CHOSEN)).toBe(true);
    expect(await samba.canBind(dn, ORIGINAL)).toBe(false);
    expect((await samba.read(dn, ['pwdLastSet'])).pwdLastSet).not.toBe('0');
    expect(await account()).toMatchObject({ passwordHash: null, mustChangePassword: false });
    expect((await events('account.password_set')).map((event) => event.details)).toEqual([
      expect.objectContaining({ reason: 'reset-link', store: 'ad' }),
    ]);
  });

  it('forgot-password by emailed code and the chat command both land in AD', async () => {
    expect((await forgotPassword(`${username}@example.com`, CHOSEN)).status).toBe(204);
    expect(await samba.canBind(dn, CHOSEN)).toBe(true);

    await stack.dataSource.getRepository(AccountEntity).update({ id: accountId }, { chatId: `U-${username}` });
    const answer = await chat(`U-${username}`, '#resetpassword#Copper-window-83-still').expect(200);
    expect(answer.body.reply).toMatch(/Done/);
    expect(await samba.canBind(dn, 'Copper-window-83-still')).toBe(true);
    expect(await samba.canBind(dn, CHOSEN)).toBe(false);
    expect((await events('account.password_set')).map((event) => event.details)).toEqual([
      expect.objectContaining({ reason: 'self-service', store: 'ad' }),
      expect.objectContaining({ reason: 'chat', store: 'ad' }),
    ]);
  });

  it('a password AD refuses (its complexity rule) is 422 with its rule; the link still works for a better one', async () => {
    const admin = as(stack, (await signedIn(stack, 'admin')).token);
    await letTheDirectoryJudgeClasses(admin);

    const token = await linkFor(await verifiedTicket());
    const lowercaseOnly = 'copper harbor lantern quietly drifting';
    const refused = await redeem(token, lowercaseOnly).expect(422);
    expect(refused.body).toMatchObject({
      code: 'PASSWORD_REJECTED',
      failedRules: ['DIRECTORY_QUALITY'],
      message: expect.stringMatching(/complexity/),
    });
    expect(JSON.stringify(refused.body)).not.toContain(lowercaseOnly);
    expect(await samba.canBind(dn, ORIGINAL)).toBe(true);
    await redeem(token, CHOSEN).expect(204);
    expect(await samba.canBind(dn, CHOSEN)).toBe(true);
  });

  it('a temporary password: AD refuses the bind (773) until the holder changes it on the portal with it', async () => {
    const ticketId = await verifiedTicket();
    const issued = await agent.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(202);
    const temporary = issued.body.temporaryPassword as string;
    expect(await samba.bindError(dn, temporary)).toMatch(/data 773,/);
    expect(await account()).toMatchObject({ mustChangePassword: true, passwordHash: null });

    await change('Wrong-current-pass-1', CHOSEN).expect(401);
    await change(temporary, CHOSEN).expect(204);
    expect(await samba.canBind(dn, CHOSEN)).toBe(true);
    expect((await samba.read(dn, ['pwdLastSet'])).pwdLastSet).not.toBe('0');
    expect(await account()).toMatchObject({ mustChangePassword: false });
  });

  it('change-password: a wrong current password is 401; a recent one is refused by AD as DIRECTORY_HISTORY (422) and nothing changes', async () => {
    await change('Not-my-password-9', CHOSEN).expect(401);
    expect(await samba.canBind(dn, ORIGINAL)).toBe(true);
    await change(ORIGINAL, CHOSEN).expect(204);
    const back = await change(CHOSEN, ORIGINAL).expect(422);
    expect(back.body).toMatchObject({
      code: 'PASSWORD_REJECTED',
      failedRules: ['DIRECTORY_HISTORY'],
      message: expect.stringMatching(/recent/),
    });
    expect(JSON.stringify(back.body)).not.toContain(ORIGINAL);
    expect(await samba.canBind(dn, CHOSEN)).toBe(true);
    // The wrong current password is refused by the holder's bind before any write; AD's history refusal is audited in its own words.
    expect((await events('self_service.password_change_refused')).map((event) => event.details)).toEqual([
      { reason: 'wrong-current-password' },
    ]);
    expect((await events('account.password_refused_by_directory')).map((event) => event.details)).toEqual([
      expect.objectContaining({ rule: 'DIRECTORY_HISTORY', directory: 'ad', diagnostic: expect.stringMatching(/^0000052D: .*in history/) }),
    ]);
  });

  it('an admin setting the password on the account page writes it to AD, and AD’s refusal reaches the admin as its rule', async () => {
    const admin = as(stack, (await signedIn(stack, 'admin')).token);
    await letTheDirectoryJudgeClasses(admin);
    const refused = await admin.put(`/api/accounts/${accountId}`).send({ password: 'copper harbor lantern quietly drifting' }).expect(422);
    expect(refused.body).toMatchObject({ code: 'PASSWORD_REJECTED', failedRules: ['DIRECTORY_QUALITY'] });
    expect(await samba.canBind(dn, ORIGINAL)).toBe(true);
    const answer = await admin.put(`/api/accounts/${accountId}`).send({ password: CHOSEN }).expect(200);
    expect(answer.body).toMatchObject({ hasPassword: true });
    expect(await samba.canBind(dn, CHOSEN)).toBe(true);
    expect(await samba.canBind(dn, ORIGINAL)).toBe(false);
    expect(await account()).toMatchObject({ passwordHash: null });
    expect((await events('account.password_set')).map((event) => event.details)).toEqual([
      expect.objectContaining({ reason: 'admin', store: 'ad' }),
    ]);
  });

  it('unlock clears an AD lockout (775): the caller binds with the password they had', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) await samba.bindError(dn, `Wrong-guess-${attempt}-xx`);
    expect(await samba.bindError(dn, ORIGINAL)).toMatch(/data 775,/);
    const ticketId = await verifiedTicket();
    expect((await agent.post(`/api/tickets/${ticketId}/unlock`).expect(200)).body).toMatchObject({ store: 'ad' });
    expect(await samba.canBind(dn, ORIGINAL)).toBe(true);
    expect((await samba.read(dn, ['lockoutTime'])).lockoutTime).toBe('0');
  });

  describe('the DC away', () => {
    afterEach(async () => {
      samba.thaw();
      if (!(await samba.canBind(samba.bindDn, samba.bindPassword).catch(() => false))) await samba.resume();
    });

    it('stopped: 503 with Retry-After, the link still usable; after it is back the same link works', async () => {
      const token = await linkFor(await verifiedTicket());
      await samba.crash();
      const away = await redeem(token, CHOSEN).expect(503);
      expect(away.headers['retry-after']).toBeDefined();
      expect(away.body).toMatchObject({ code: 'DIRECTORY_UNAVAILABLE' });
      expect(JSON.stringify(away.body)).not.toContain(CHOSEN);
      expect((await events('directory.write_failed')).map((event) => event.details)).toEqual([
        expect.objectContaining({ directory: 'ad', operation: 'set-password' }),
      ]);
      await samba.resume();
      await redeem(token, CHOSEN).expect(204);
      expect(await samba.canBind(dn, CHOSEN)).toBe(true);
    });

    it('hung: the wait ends in 503 after DIRECTORY_TIMEOUT_MS, and the link works once the DC answers again', async () => {
      const token = await linkFor(await verifiedTicket());
      samba.freeze();
      const started = Date.now();
      await redeem(token, CHOSEN).expect(503);
      expect(Date.now() - started).toBeLessThan(10_000);
      samba.thaw();
      await redeem(token, CHOSEN).expect(204);
      expect(await samba.canBind(dn, CHOSEN)).toBe(true);
    });
  });
});
