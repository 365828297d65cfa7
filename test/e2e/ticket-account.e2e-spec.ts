import { AuditEventEntity } from '@resetdesk/audit';
import { useDesk } from '../support/desk';
import { signedIn } from '../support/staff';
import { as } from '../support/test-stack';
import { openTicket } from '../support/tickets';
import { waitFor } from '../support/wait-for';

/** MariaDB answers a JSON column as text, MySQL 8 as an object. */
const detailsOf = (event: AuditEventEntity) => (typeof event.details === 'string' ? JSON.parse(event.details) : event.details);

/** The picker must not send a ticket to the wrong person, and a wrong pick can be put right before anyone gets a code. */
describe('the account of a ticket', () => {
  const desk = useDesk();
  let ids: Record<string, number>;

  beforeEach(async () => {
    ids = {};
    for (const [username, displayName] of [
      ['hreyes', 'Hana Reyes'],
      ['dreyesson', 'Diana Reyesson'],
      ['areyes', 'Ana Reyes'],
      ['award', 'Anastasia Reyes-Ward'],
      ['mreyes', 'Maria Ana Reyes'],
    ]) {
      ids[username] = (
        await desk.admin
          .post('/api/accounts')
          .send({ username, email: `${username}@example.com`, displayName })
          .expect(201)
      ).body.id as number;
    }
  });

  const search = async (q: string) =>
    (
      await desk.admin
        .get(
          `/api/accounts?filter=${encodeURIComponent(JSON.stringify({ q }))}&sort=${encodeURIComponent('["relevance","ASC"]')}&range=[0,9]`,
        )
        .expect(200)
    ).body.map((account: { displayName: string }) => account.displayName);

  it('ranks the whole match first, then what starts with the search, then a word that does, then the rest', async () => {
    // Diana Reyesson and Hana Reyes contain the search, inside a word: last.
    expect(await search('ana reyes')).toEqual(['Ana Reyes', 'Maria Ana Reyes', 'Diana Reyesson', 'Hana Reyes']);
    expect(await search('ana')).toEqual(['Ana Reyes', 'Anastasia Reyes-Ward', 'Maria Ana Reyes', 'Diana Reyesson', 'Hana Reyes']);
    expect((await search('hreyes'))[0]).toBe('Hana Reyes');
  });

  it('ranks look-alike spellings as the unique index compares them: case, accents and width folded', async () => {
    for (const typed of ['ANA REYES', 'Àna Reyes', 'Ａｎａ Ｒｅｙｅｓ']) expect((await search(typed))[0]).toBe('Ana Reyes');
    expect((await search('AREYES'))[0]).toBe('Ana Reyes');
  });

  it('sorts by username without a search, as before', async () => {
    const all = (await desk.admin.get(`/api/accounts?sort=${encodeURIComponent('["relevance","ASC"]')}`).expect(200)).body;
    expect(all.map((account: { username: string }) => account.username)).toEqual(['areyes', 'award', 'dreyesson', 'hreyes', 'mreyes']);
  });

  it('moves to the right account before a code is sent: recorded with the reason, and the right holder gets the ticket email', async () => {
    const agent = as(desk.stack, (await signedIn(desk.stack, 'agent')).token);
    const ticketId = await openTicket(agent, ids.hreyes!);

    const moved = await agent.put(`/api/tickets/${ticketId}`).send({ accountId: ids.areyes, reason: 'Wrong account picked' }).expect(200);

    expect(moved.body).toMatchObject({ accountId: ids.areyes, accountUsername: 'areyes' });
    const update = await desk.stack.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ ticketId, action: 'ticket.updated' });
    expect(update.accountId).toBe(ids.areyes);
    expect(detailsOf(update)).toMatchObject({
      accountId: { from: ids.hreyes, to: ids.areyes },
      reason: 'Wrong account picked',
    });
    await waitFor(() => desk.mailbox.messages.filter((message) => message.subject.includes(`#${ticketId}`)).length === 2, {
      what: 'a ticket email to each holder',
    });
    expect(desk.mailbox.messages.flatMap((message) => message.to).sort()).toEqual(['areyes@example.com', 'hreyes@example.com']);
  });

  it('keeps its account once a code went out (409), whatever the status, and refuses an unknown account (422)', async () => {
    const agent = as(desk.stack, (await signedIn(desk.stack, 'agent')).token);
    const ticketId = await openTicket(agent, ids.hreyes!);
    expect((await agent.put(`/api/tickets/${ticketId}`).send({ accountId: 999_999 }).expect(422)).body.code).toBe(
      'TICKET_ACCOUNT_NOT_FOUND',
    );

    await agent.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
    const refused = await agent.put(`/api/tickets/${ticketId}`).send({ accountId: ids.areyes }).expect(409);
    expect(refused.body).toMatchObject({ code: 'TICKET_ACCOUNT_FIXED', message: expect.stringMatching(/verifying/) });
    // Back to open: the code was still sent to Hana, so the ticket stays hers.
    await agent.put(`/api/tickets/${ticketId}`).send({ status: 'open' }).expect(200);
    const again = await agent.put(`/api/tickets/${ticketId}`).send({ accountId: ids.areyes }).expect(409);
    expect(again.body).toMatchObject({ code: 'TICKET_ACCOUNT_FIXED', message: expect.stringMatching(/code was already sent/) });
    expect((await agent.get(`/api/tickets/${ticketId}`).expect(200)).body.accountId).toBe(ids.hreyes);
  });

  it('never sends a code to one account while the ticket moves to another: a correction racing a send, twenty times', async () => {
    const agent = as(desk.stack, (await signedIn(desk.stack, 'agent')).token);
    for (let round = 0; round < 20; round += 1) {
      const ticketId = await openTicket(agent, ids.hreyes!);
      const [sent, moved] = await Promise.all([
        agent.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }),
        agent.put(`/api/tickets/${ticketId}`).send({ accountId: ids.areyes }),
      ]);
      const ticket = (await agent.get(`/api/tickets/${ticketId}`).expect(200)).body;
      const codes = await desk.stack.dataSource.query('SELECT account_id AS accountId FROM verification_challenges WHERE ticket_id = ?', [
        ticketId,
      ]);
      // Whichever won, every code of the ticket went to the ticket's holder.
      expect(codes.every((code: { accountId: number }) => Number(code.accountId) === ticket.accountId)).toBe(true);
      expect([202, 409]).toContain(sent.status);
      expect([200, 409]).toContain(moved.status);
      expect(sent.status === 409 && moved.status === 409).toBe(false);
    }
  });

  it('asks for no reason but keeps one given with a cancel', async () => {
    const agent = as(desk.stack, (await signedIn(desk.stack, 'agent')).token);
    const ticketId = await openTicket(agent, ids.hreyes!);
    await agent.put(`/api/tickets/${ticketId}`).send({ status: 'cancelled', reason: 'Caller hung up before verifying' }).expect(200);
    const event = await desk.stack.dataSource
      .getRepository(AuditEventEntity)
      .findOneByOrFail({ ticketId, action: 'ticket.status_changed' });
    expect(detailsOf(event)).toEqual({ from: 'open', to: 'cancelled', reason: 'Caller hung up before verifying' });
    expect(
      (
        await agent
          .put(`/api/tickets/${ticketId}`)
          .send({ reason: 'x'.repeat(501) })
          .expect(400)
      ).body.message,
    ).toMatch(/reason must be at most 500/);
  });
});
