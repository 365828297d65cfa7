import { AccountEntity } from '@resetdesk/accounts';
import { Clock, directoryConfig, DirectoryConfigType } from '@resetdesk/core';
import {
  DirectoryIncompleteWrite,
  DirectoryOutcomeUnknown,
  DirectoryWriteEntity,
  DirectoryWriteSweeper,
  PASSWORD_DIRECTORY,
  PasswordDirectory,
} from '@resetdesk/directory';
import { ResetCompletion } from '@resetdesk/resets';
import { TicketEntity } from '@resetdesk/tickets';
import { TestMailbox } from '../support/smtp-sink';
import { PrivateSlapd } from '../support/private-slapd';
import { signedIn } from '../support/staff';
import { holderFlows, linkToEntry } from '../support/holder-flows';
import { resetLinkFromMail, verifyCaller } from '../support/tickets';

import { as, resetState, startTestStack, TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

const ORIGINAL = 'Original-pass-2026!';
const CHOSEN = 'Harbor-lantern-57-quiet';

/**
 * Every path that sets a holder's password, with OpenLDAP (ppolicy) as the
 * store: the password must land where people sign in, the directory's
 * refusals must reach the person in words, and a directory that is away
 * must leave the link, code and ticket as they were.
 */
describe('resets written to OpenLDAP', () => {
  let slapd: PrivateSlapd;
  let mailbox: TestMailbox;
  let stack: TestStack;
  let agent: ReturnType<typeof as>;
  let dn: string;
  let accountId: number;

  beforeAll(async () => {
    slapd = await PrivateSlapd.start({ policy: { pwdInHistory: 5, pwdMinLength: 10 } });
    mailbox = await TestMailbox.start();
    stack = await startTestStack({ env: { SMTP_URL: mailbox.url, ...slapd.env({ DIRECTORY_TIMEOUT_MS: '2000' }) } });
  });

  afterAll(async () => {
    await stack?.close();
    await mailbox?.stop();
    await slapd?.stop();
  });

  let seq = 0;
  beforeEach(async () => {
    jest.restoreAllMocks();
    await resetState(stack);
    mailbox.clear();
    agent = as(stack, (await signedIn(stack, 'agent')).token);
    const admin = as(stack, (await signedIn(stack, 'admin')).token);
    // A new directory entry per test: ppolicy history and lockout state stay with the entry.
    const uid = `dana${++seq}`;
    dn = await slapd.addUser({ uid, cn: 'Dana Reyes', mail: `${uid}@example.com`, password: ORIGINAL });
    accountId = (
      await admin
        .post('/api/accounts')
        .send({ username: uid, email: `${uid}@example.com`, displayName: 'Dana Reyes', chatId: `U-${uid}` })
        .expect(201)
    ).body.id;
    // What the sync records for an entry: its DN and its entryUUID.
    await linkToEntry(stack, accountId, dn, String((await slapd.read(dn, ['entryUUID'])).entryUUID));
  });

  const { account, events, verifiedTicket, linkFor, redeem, chat, forgotPassword } = holderFlows(() => ({
    stack,
    mailbox,
    agent,
    accountId,
  }));
  const ticketRow = (id: number) => stack.dataSource.getRepository(TicketEntity).findOneByOrFail({ id });

  it('a reset link sets the password in the directory: the new one binds, the old one does not, no hash is kept here', async () => {
    const ticketId = await verifiedTicket();
    const token = await linkFor(ticketId);
    await redeem(token, CHOSEN).expect(204);

    expect(await slapd.canBind(dn, CHOSEN)).toBe(true);
    expect(await slapd.canBind(dn, ORIGINAL)).toBe(false);
    // A password the holder chose: the directory must not ask them to change it again.
    expect((await slapd.read(dn, ['pwdReset'])).pwdReset ?? []).toEqual([]);
    expect(await account()).toMatchObject({ passwordHash: null, mustChangePassword: false, passwordVersion: 1 });
    expect((await ticketRow(ticketId)).status).toBe('resolved');
    expect((await events('account.password_set')).map((event) => event.details)).toEqual([
      expect.objectContaining({ reason: 'reset-link', store: 'ldap' }),
    ]);
    await mailbox.waitForMessage((message) => message.subject === 'Password reset successful');
  });

  it('a password the directory refuses (in its history) is answered 422 with its rule; the link still works for a better one', async () => {
    const ticketId = await verifiedTicket();
    const token = await linkFor(ticketId);
    const refused = await redeem(token, ORIGINAL).expect(422);
    expect(refused.body).toMatchObject({
      code: 'PASSWORD_REJECTED',
      failedRules: ['DIRECTORY_HISTORY'],
      message: expect.stringMatching(/directory/i),
    });
    expect(JSON.stringify(refused.body)).not.toContain(ORIGINAL);
    expect(await slapd.canBind(dn, ORIGINAL)).toBe(true);
    expect(await account()).toMatchObject({ passwordVersion: 0 });
    const [audited] = await events('account.password_refused_by_directory');
    expect(audited.details).toMatchObject({ rule: 'DIRECTORY_HISTORY', directory: 'ldap', reason: 'reset-link' });
    expect(JSON.stringify(audited.details)).not.toContain(ORIGINAL);

    await stack.http.post('/api/self-service/reset/inspect').send({ token }).expect(200);
    await redeem(token, CHOSEN).expect(204);
    expect(await slapd.canBind(dn, CHOSEN)).toBe(true);
  });

  it('a temporary password makes ppolicy demand a change; the holder changes it on the portal, as themselves', async () => {
    const ticketId = await verifiedTicket();
    const issued = await agent.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(202);
    const temporary = issued.body.temporaryPassword as string;
    expect((await slapd.read(dn, ['pwdReset'])).pwdReset).toBe('TRUE');
    // Bound with the temporary password, ppolicy allows nothing but the change.
    await expect(slapd.as(dn, temporary, (client) => client.search(slapd.peopleDn, { scope: 'one', sizeLimit: 1 }))).rejects.toThrow(
      /restricted|must change/i,
    );
    expect(await account()).toMatchObject({ mustChangePassword: true, passwordHash: null });

    const change = (currentPassword: string, newPassword: string) =>
      stack.http
        .post('/api/self-service/change-password')
        .send({ username: `dana${seq}`, currentPassword, newPassword, confirmPassword: newPassword });
    await change('Wrong-current-pass-1', CHOSEN).expect(401);
    expect((await events('self_service.password_change_refused')).map((event) => event.details)).toEqual([
      { reason: 'wrong-current-password' },
    ]);
    await change(temporary, CHOSEN).expect(204);
    expect(await slapd.canBind(dn, CHOSEN)).toBe(true);
    expect((await slapd.read(dn, ['pwdReset'])).pwdReset ?? []).toEqual([]);
    await slapd.as(dn, CHOSEN, (client) => client.search(slapd.peopleDn, { scope: 'one', sizeLimit: 1 }));
    expect(await account()).toMatchObject({ mustChangePassword: false, passwordVersion: 2 });
  });

  it('a temporary password the directory took without its must-change flag is shown with a warning, and the gap is audited', async () => {
    const ticketId = await verifiedTicket();
    // The rare half-write (password set, pwdReset modify lost), forced around the real store.
    const store = stack.api.get<PasswordDirectory>(PASSWORD_DIRECTORY);
    const real = store.setPassword.bind(store);
    jest.spyOn(store, 'setPassword').mockImplementationOnce(async (ref, password, options) => {
      await real(ref, password, options);
      throw new DirectoryIncompleteWrite('the must-change flag could not be set');
    });
    const issued = await agent.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(202);
    expect(issued.body.warning).toMatch(/ask the caller to change it on the portal right away/);
    expect(await slapd.canBind(dn, issued.body.temporaryPassword)).toBe(true);
    expect((await events('directory.write_failed')).map((event) => event.details)).toEqual([
      expect.objectContaining({ reason: 'assisted-reset', operation: 'set-password' }),
    ]);
    expect(await events('account.password_set')).toHaveLength(1);
  });

  it('a write the directory never answered keeps the link spent, says the password may have changed, and audits the unknown outcome', async () => {
    const ticketId = await verifiedTicket();
    const token = await linkFor(ticketId);
    // The directory took the write but its answer never came (the store's own tests hang a real slapd at that moment).
    const store = stack.api.get<PasswordDirectory>(PASSWORD_DIRECTORY);
    const real = store.setPassword.bind(store);
    jest.spyOn(store, 'setPassword').mockImplementationOnce(async (ref, password, options) => {
      await real(ref, password, options);
      throw new DirectoryOutcomeUnknown(`no answer to the password write for ${ref.dn}`);
    });
    const unknown = await redeem(token, CHOSEN).expect(503);
    expect(unknown.headers['retry-after']).toBeDefined();
    expect(unknown.body).toMatchObject({ code: 'DIRECTORY_OUTCOME_UNKNOWN', message: DirectoryOutcomeUnknown.MESSAGE });
    expect(JSON.stringify(unknown.body)).not.toContain(dn);
    expect(await slapd.canBind(dn, CHOSEN)).toBe(true);
    expect((await stack.dataSource.getRepository(DirectoryWriteEntity).find()).map((row) => row.status)).toEqual(['unknown']);
    expect((await events('directory.write_outcome_unknown')).map((event) => event.details)).toEqual([
      expect.objectContaining({ reason: 'reset-link', error: expect.stringContaining(dn) }),
    ]);
    await redeem(token, 'Second-window-72-try').expect(410);
  });

  it("change-password: a wrong current password is 401 like an unknown user; reusing a recent one is the directory's HISTORY", async () => {
    const username = `dana${seq}`;
    const change = (currentPassword: string, newPassword: string) =>
      stack.http.post('/api/self-service/change-password').send({ username, currentPassword, newPassword, confirmPassword: newPassword });
    const wrong = await change('Not-my-password-9', CHOSEN).expect(401);
    const unknown = await stack.http
      .post('/api/self-service/change-password')
      .send({ username: 'nobody-here', currentPassword: 'Not-my-password-9', newPassword: CHOSEN, confirmPassword: CHOSEN })
      .expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(await slapd.canBind(dn, ORIGINAL)).toBe(true);

    await change(ORIGINAL, CHOSEN).expect(204);
    const back = await change(CHOSEN, ORIGINAL).expect(422);
    expect(back.body).toMatchObject({ failedRules: ['DIRECTORY_HISTORY'] });
    expect(await slapd.canBind(dn, CHOSEN)).toBe(true);
  });

  it('change-password says nothing about an account to someone without its password: locked, weak or unlinked all answer as a wrong password', async () => {
    const username = `dana${seq}`;
    const change = (currentPassword: string, newPassword: string) =>
      stack.http.post('/api/self-service/change-password').send({ username, currentPassword, newPassword, confirmPassword: newPassword });
    const unknown = (
      await stack.http
        .post('/api/self-service/change-password')
        .send({ username: 'nobody-here', currentPassword: 'Not-my-password-9', newPassword: 'short', confirmPassword: 'short' })
        .expect(401)
    ).body;
    // A new password ResetDesk's policy refuses would name the policy; without the current password it must not.
    expect((await change('Not-my-password-9', 'short').expect(401)).body).toEqual(unknown);
    // Locked in the directory: ppolicy would say so to anyone; the page does not.
    for (let i = 0; i < 5; i++) await slapd.canBind(dn, `Wrong-guess-${i}-xx`);
    expect((await change('Not-my-password-9', CHOSEN).expect(401)).body).toEqual(unknown);
    await stack.dataSource.getRepository(AccountEntity).update({ id: accountId }, { directoryDn: null });
    expect((await change(ORIGINAL, CHOSEN).expect(401)).body).toEqual(unknown);
    expect(await slapd.canBind(slapd.bindDn, slapd.bindPassword)).toBe(true);
  });

  it('forgot-password by emailed code and the chat command both land in the directory', async () => {
    expect((await forgotPassword(`dana${seq}@example.com`, CHOSEN)).status).toBe(204);
    expect(await slapd.canBind(dn, CHOSEN)).toBe(true);

    const answer = await chat(`U-dana${seq}`, '#resetpassword#Copper-window-83-still').expect(200);
    expect(answer.body.reply).toMatch(/Done/);
    expect(await slapd.canBind(dn, 'Copper-window-83-still')).toBe(true);
    expect(await slapd.canBind(dn, CHOSEN)).toBe(false);
  });

  it('unlock clears a ppolicy lockout: the caller signs in with the password they had', async () => {
    for (let i = 0; i < 5; i++) await slapd.canBind(dn, `Wrong-guess-${i}-xx`);
    expect((await slapd.read(dn, ['pwdAccountLockedTime'])).pwdAccountLockedTime).toBeDefined();
    expect(await slapd.canBind(dn, ORIGINAL)).toBe(false);

    const ticketId = await verifiedTicket();
    expect((await agent.post(`/api/tickets/${ticketId}/unlock`).expect(200)).body).toEqual({ store: 'ldap', wasLocked: false });
    expect(await slapd.canBind(dn, ORIGINAL)).toBe(true);
    expect((await events('account.unlocked')).map((event) => event.details)).toEqual([{ store: 'ldap', wasLocked: false }]);
  });

  it('an admin setting the password on the account page writes it to the directory; a password in its history is its HISTORY rule', async () => {
    const admin = as(stack, (await signedIn(stack, 'admin')).token);
    const answer = await admin.put(`/api/accounts/${accountId}`).send({ password: CHOSEN }).expect(200);
    expect(answer.body).toMatchObject({ hasPassword: true });
    expect(await slapd.canBind(dn, CHOSEN)).toBe(true);
    expect(await slapd.canBind(dn, ORIGINAL)).toBe(false);
    expect(await account()).toMatchObject({ passwordHash: null });
    expect((await events('account.password_set')).map((event) => event.details)).toEqual([
      expect.objectContaining({ reason: 'admin', store: 'ldap' }),
    ]);
    const refused = await admin.put(`/api/accounts/${accountId}`).send({ password: ORIGINAL }).expect(422);
    expect(refused.body).toMatchObject({ code: 'PASSWORD_REJECTED', failedRules: ['DIRECTORY_HISTORY'] });
    expect(await slapd.canBind(dn, CHOSEN)).toBe(true);
  });

  it('an account created here with a password is refused before anything is written: the password would have nowhere to go', async () => {
    const admin = as(stack, (await signedIn(stack, 'admin')).token);
    const refused = await admin
      .post('/api/accounts')
      .send({ username: 'walkin', email: 'walkin@example.com', displayName: 'Walk In', password: CHOSEN })
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'DIRECTORY_ACCOUNT_NOT_LINKED',
      message: expect.stringMatching(/create the person there and run a directory sync/),
    });
    expect(await stack.dataSource.getRepository(AccountEntity).countBy({ username: 'walkin' })).toBe(0);
  });

  it('an account not linked to a directory entry is refused with the way to fix it', async () => {
    await stack.dataSource.getRepository(AccountEntity).update({ id: accountId }, { directoryDn: null, directoryId: null });
    const ticketId = await verifiedTicket();
    const refused = await agent.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'DIRECTORY_ACCOUNT_NOT_LINKED', message: expect.stringMatching(/directory:sync/) });
    expect((await ticketRow(ticketId)).status).toBe('verified');
  });

  describe('the directory away', () => {
    /** Another transaction can lock the ticket and every link at once (NOWAIT fails on a row someone holds). */
    const expectTicketAndLinksUnlocked = async (ticketId: number) => {
      const runner = stack.dataSource.createQueryRunner();
      try {
        await runner.startTransaction();
        await runner.query('SELECT id FROM tickets WHERE id = ? FOR UPDATE NOWAIT', [ticketId]);
        await runner.query('SELECT id FROM reset_tokens FOR UPDATE NOWAIT');
        await runner.commitTransaction();
      } finally {
        await runner.release();
      }
    };
    afterEach(async () => {
      slapd.thaw();
      if (!(await slapd.canBind(slapd.bindDn, slapd.bindPassword))) await slapd.resume();
    });

    it('stopped: 503 with Retry-After, the link still usable, the failure audited; after it is back the same link works', async () => {
      const ticketId = await verifiedTicket();
      const token = await linkFor(ticketId);
      await slapd.crash();
      const away = await redeem(token, CHOSEN).expect(503);
      expect(away.headers['retry-after']).toBeDefined();
      // Holders read what they can do, not where the directory is (the detail, with the URL, is for the audit log).
      expect(away.body).toMatchObject({
        code: 'DIRECTORY_UNAVAILABLE',
        message: 'The directory could not be reached; try again in a minute',
      });
      expect(JSON.stringify(away.body)).not.toContain(CHOSEN);
      expect(await account()).toMatchObject({ passwordVersion: 0 });
      expect((await ticketRow(ticketId)).status).toBe('reset_sent');
      const [failed] = await events('directory.write_failed');
      expect(failed.details).toMatchObject({ reason: 'reset-link', directory: 'ldap', operation: 'set-password' });

      await slapd.resume();
      await redeem(token, CHOSEN).expect(204);
      expect(await slapd.canBind(dn, CHOSEN)).toBe(true);
    });

    it('a link replaced while its write failed stays replaced: only the newer link works afterwards', async () => {
      const ticketId = await verifiedTicket();
      const oldToken = await linkFor(ticketId);
      slapd.freeze();
      const pending = redeem(oldToken, CHOSEN).then((response) => response);
      await waitFor(async () => (await stack.dataSource.query("SELECT id FROM directory_writes WHERE status = 'pending'")).length === 1, {
        what: 'the write in flight',
      });
      // Meanwhile the caller rings again a minute later: verified once more, a new link goes out.
      jest.spyOn(stack.api.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 61_000));
      await verifyCaller(agent, mailbox, ticketId, 1);
      await agent.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(202);
      const newToken = (await resetLinkFromMail(mailbox, ticketId, 2)).token;
      expect((await pending).status).toBe(503);
      slapd.thaw();
      await redeem(oldToken, CHOSEN).expect(410);
      await redeem(newToken, CHOSEN).expect(204);
    });

    it('the chat command while it is stopped answers in the chat that nothing changed', async () => {
      await slapd.crash();
      const answer = await chat(`U-dana${seq}`, '#resetpassword#Copper-window-83-still').expect(200);
      expect(answer.body).toEqual({
        reply: 'Your password was not changed: the directory could not be reached just now. Try again in a few minutes.',
      });
      expect(await events('directory.write_failed')).toHaveLength(1);
    });

    it('a temporary password while it is stopped: 503, and the ticket is verified again so the agent can retry', async () => {
      const ticketId = await verifiedTicket();
      const before = await ticketRow(ticketId);
      await slapd.crash();
      await agent.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(503);
      expect(await ticketRow(ticketId)).toMatchObject({ status: 'verified', verifiedUntil: before.verifiedUntil });
      await slapd.resume();
      const issued = await agent.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(202);
      expect(await slapd.canBind(dn, issued.body.temporaryPassword)).toBe(true);
    });

    it('an account disabled while the directory is slow stays disabled when the write lands', async () => {
      const ticketId = await verifiedTicket();
      const token = await linkFor(ticketId);
      slapd.freeze();
      // then(): supertest sends the request only once it is awaited.
      const pending = redeem(token, CHOSEN).then((response) => response);
      await waitFor(async () => (await stack.dataSource.query("SELECT id FROM directory_writes WHERE status = 'pending'")).length === 1, {
        what: 'the write in flight',
      });
      await stack.dataSource.getRepository(AccountEntity).update({ id: accountId }, { status: 'disabled' });
      slapd.thaw();
      expect((await pending).status).toBe(204);
      expect(await account()).toMatchObject({ status: 'disabled', passwordVersion: 1 });
    });

    it('killed while a reset waits on it: 503 at once, no row left locked, the link still usable once it is back', async () => {
      const ticketId = await verifiedTicket();
      const token = await linkFor(ticketId);
      slapd.freeze();
      const settled = redeem(token, CHOSEN).then((response) => response);
      // The link is claimed and the write journalled: the request waits on the frozen directory when it dies.
      await waitFor(async () => (await stack.dataSource.query("SELECT id FROM directory_writes WHERE status = 'pending'")).length === 1, {
        what: 'the write in flight',
      });
      const killedAt = Date.now();
      await slapd.crash();
      const away = await settled;
      expect(away.status).toBe(503);
      expect(away.headers['retry-after']).toBeDefined();
      // The connection's reset ends the wait: no waiting out DIRECTORY_TIMEOUT_MS.
      expect(Date.now() - killedAt).toBeLessThan(stack.api.get<DirectoryConfigType>(directoryConfig.KEY).timeoutMs);
      await expectTicketAndLinksUnlocked(ticketId);
      await slapd.resume();
      expect(await slapd.canBind(dn, ORIGINAL)).toBe(true);
      await redeem(token, CHOSEN).expect(204);
      expect(await slapd.canBind(dn, CHOSEN)).toBe(true);
    });

    it('hung: no ticket or link row stays locked while the directory is waited for, and the wait ends in 503', async () => {
      const ticketId = await verifiedTicket();
      const token = await linkFor(ticketId);
      slapd.freeze();
      const pending = redeem(token, CHOSEN);
      const settled = pending.then((response) => response.status);
      // While the write waits on the directory, another transaction can lock the ticket and the link at once.
      await waitFor(
        async () =>
          (await events('account.password_set')).length === 0 &&
          (await stack.dataSource.query('SELECT used_at FROM reset_tokens'))[0]?.used_at !== null,
        { what: 'the claimed link' },
      );
      await expectTicketAndLinksUnlocked(ticketId);
      expect(await settled).toBe(503);
      slapd.thaw();
      await redeem(token, CHOSEN).expect(204);
    });
  });

  it('a write whose process died before recording its outcome is audited for supervisors by the sweep; one in progress is left alone', async () => {
    const ticketId = await verifiedTicket();
    const started = (ago: number) => new Date(Date.now() - ago);
    const insert = (ago: number) =>
      stack.dataSource.query(
        "INSERT INTO directory_writes (account_id, ticket_id, operation, reason, actor_type, actor_id, actor_label, status, started_at) VALUES (?, ?, 'set-password', 'assisted-reset', 'staff', '7', 'agent@example.com', 'pending', ?)",
        [accountId, ticketId, started(ago)],
      );
    await insert(10 * 60_000);
    await insert(1000);
    const sweeper = stack.worker!.get(DirectoryWriteSweeper);
    expect(await sweeper.sweep()).toBe(1);
    expect(await sweeper.sweep()).toBe(0);
    const rows = await stack.dataSource.getRepository(DirectoryWriteEntity).find({ order: { id: 'ASC' } });
    expect(rows.map((row) => row.status)).toEqual(['unknown', 'pending']);
    const [event] = await events('directory.write_outcome_unknown');
    expect(event).toMatchObject({
      ticketId,
      actorType: 'staff',
      actorLabel: 'agent@example.com',
      details: { operation: 'set-password', reason: 'assisted-reset', directory: 'ldap' },
    });
  });

  it('every write is journalled with its outcome', async () => {
    const ticketId = await verifiedTicket();
    const token = await linkFor(ticketId);
    await redeem(token, ORIGINAL).expect(422);
    await redeem(token, CHOSEN).expect(204);
    const rows = await stack.dataSource.getRepository(DirectoryWriteEntity).find({ order: { id: 'ASC' } });
    expect(rows.map((row) => [row.operation, row.reason, row.status, row.finishedAt !== null])).toEqual([
      ['set-password', 'reset-link', 'refused', true],
      ['set-password', 'reset-link', 'done', true],
    ]);
  });

  it('a follow-up that fails after the directory took the password still records the change and answers success', async () => {
    const ticketId = await verifiedTicket();
    const token = await linkFor(ticketId);
    jest.spyOn(stack.api.get(ResetCompletion), 'complete').mockRejectedValueOnce(new Error('simulated follow-up failure'));
    await redeem(token, CHOSEN).expect(204);
    expect(await slapd.canBind(dn, CHOSEN)).toBe(true);
    expect(await account()).toMatchObject({ passwordVersion: 1, passwordHash: null });
    const [recorded] = await events('account.password_set');
    expect(recorded!.details).toMatchObject({ reason: 'reset-link', store: 'ldap', recordIncomplete: true });
    expect((await stack.dataSource.getRepository(DirectoryWriteEntity).find()).map((row) => row.status)).toEqual(['done']);
    await redeem(token, CHOSEN).expect(410);
  });

  it('two uses of one link at the same moment: one lands in the directory, the other is refused', async () => {
    const ticketId = await verifiedTicket();
    const token = await linkFor(ticketId);
    const answers = await Promise.all([redeem(token, CHOSEN), redeem(token, 'Second-window-72-try')]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([204, 410]);
    const won = answers[0]!.status === 204 ? CHOSEN : 'Second-window-72-try';
    expect(await slapd.canBind(dn, won)).toBe(true);
    expect(await events('account.password_set')).toHaveLength(1);
  });
});
