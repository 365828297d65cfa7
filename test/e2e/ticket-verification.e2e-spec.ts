import { AuditEventEntity } from '@resetdesk/audit';
import { Clock } from '@resetdesk/core';
import { TestMailbox } from '../support/smtp-sink';
import { signedIn } from '../support/staff';
import { createDana, useDesk } from '../support/desk';
import { as, TestStack } from '../support/test-stack';
import { codeFromMail as codeFromMailbox, openTicket as openTicketFor } from '../support/tickets';

describe('caller verification on a ticket', () => {
  const desk = useDesk();
  let mailbox: TestMailbox;
  let stack: TestStack;
  let api: ReturnType<typeof as>;
  let accountId: number;

  beforeEach(async () => {
    ({ mailbox, stack } = desk);
    api = as(stack, (await signedIn(stack, 'agent')).token);
    accountId = await createDana(desk.admin);
  });

  const openTicket = () => openTicketFor(api, accountId);
  const codeFromMail = (ticketId: number, count = 1) => codeFromMailbox(mailbox, ticketId, count);
  const later = (ms: number) => jest.spyOn(stack.api.get(Clock), 'now').mockReturnValue(new Date(Date.now() + ms));

  it('sends a code naming the ticket and the agent; a wrong code shows attempts left; the right one verifies', async () => {
    const ticketId = await openTicket();
    const sent = await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
    expect(sent.body).toEqual({ challengeId: expect.any(Number), expiresAt: expect.any(String), resendAvailableAt: expect.any(String) });
    expect(JSON.stringify(sent.body)).not.toMatch(/"code"/);
    const { mail, code } = await codeFromMail(ticketId);
    expect(mail.text).toContain(
      `Test from our support staff will ask you for this code on ticket #${ticketId}: our support staff will ask you for this code on this ticket only.`,
    );
    expect((await api.get(`/api/tickets/${ticketId}`).expect(200)).body.status).toBe('verifying');

    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await api.post(`/api/tickets/${ticketId}/otp/verify`).send({ code: wrong }).expect(422);
    expect(refused.body).toMatchObject({ attemptsLeft: 4, message: 'Wrong code; 4 attempt(s) left' });
    const verified = await api.post(`/api/tickets/${ticketId}/otp/verify`).send({ code }).expect(200);
    expect(verified.body).toEqual({ verified: true, verifiedUntil: expect.any(String) });
    const ticket = (await api.get(`/api/tickets/${ticketId}`).expect(200)).body;
    expect(ticket).toMatchObject({ status: 'verified', codes: [expect.objectContaining({ status: 'verified', attempts: 1 })] });
    expect(new Date(ticket.verifiedUntil).getTime() - Date.now()).toBeGreaterThan(14 * 60_000);

    // The code is in no API answer and no audit row.
    const trail = JSON.stringify(await stack.dataSource.getRepository(AuditEventEntity).find());
    expect(trail).not.toContain(code);
    expect(JSON.stringify(ticket)).not.toContain(code);
  });

  it('after two locks on the account, leaves the next code to a supervisor (403 for an agent, on any ticket) and says so', async () => {
    const ticketId = await openTicket();
    const lockOnce = async (round: number) => {
      await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
      const { code } = await codeFromMail(ticketId, round);
      const wrong = code === '000000' ? '111111' : '000000';
      for (let attempt = 0; attempt < 5; attempt += 1) await api.post(`/api/tickets/${ticketId}/otp/verify`).send({ code: wrong });
    };
    await lockOnce(1);
    expect((await api.get(`/api/tickets/${ticketId}`).expect(200)).body.codeNeedsSupervisor).toBe(false);
    later(61_000);
    await lockOnce(2);
    later(122_000);

    const refused = await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(403);
    expect(refused.body).toMatchObject({
      code: 'VERIFICATION_SUPERVISOR_REQUIRED',
      message: expect.stringMatching(/supervisor must verify/),
    });
    expect((await api.get(`/api/tickets/${ticketId}`).expect(200)).body).toMatchObject({ codeNeedsSupervisor: true, status: 'verifying' });
    // Cancelling and opening a new ticket for the same account does not start the count again.
    await api.put(`/api/tickets/${ticketId}`).send({ status: 'cancelled', reason: 'Caller could not read a code' }).expect(200);
    const fresh = await openTicket();
    expect((await api.post(`/api/tickets/${fresh}/otp`).send({ channel: 'email' }).expect(403)).body.code).toBe(
      'VERIFICATION_SUPERVISOR_REQUIRED',
    );
    await api.put(`/api/tickets/${fresh}`).send({ status: 'cancelled', reason: 'Escalated' }).expect(200);
    await api.put(`/api/tickets/${ticketId}`).send({ status: 'open' }).expect(200);
    const supervisor = as(stack, (await signedIn(stack, 'supervisor')).token);
    await supervisor.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
    // The third code goes out, from the supervisor.
    await codeFromMail(ticketId, 3);
  });

  it('counts 50 concurrent wrong codes as exactly 5 tries, locks, and the right code still fails', async () => {
    const ticketId = await openTicket();
    await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
    const { code } = await codeFromMail(ticketId);
    const wrong = code === '000000' ? '111111' : '000000';
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => api.post(`/api/tickets/${ticketId}/otp/verify`).send({ code: wrong })),
    );
    expect(answers.filter((answer) => answer.status === 422)).toHaveLength(4);
    expect(answers.filter((answer) => answer.status === 423)).toHaveLength(46);
    const [challenge] = await stack.dataSource.query('SELECT attempts, status FROM verification_challenges WHERE ticket_id = ?', [
      ticketId,
    ]);
    expect(challenge).toEqual({ attempts: 5, status: 'locked' });
    expect((await api.post(`/api/tickets/${ticketId}/otp/verify`).send({ code }).expect(423)).body.message).toMatch(/locked/);
  });

  it('waits 60 s between codes, allows 5 an hour, and a new code supersedes the old one', async () => {
    const ticketId = await openTicket();
    await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
    const { code: first } = await codeFromMail(ticketId);
    const soon = await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(429);
    expect(soon.body).toMatchObject({ code: 'CODE_RESEND_TOO_SOON', message: expect.stringMatching(/another can be sent in \d+ s/) });
    expect(soon.body.retryAfterSeconds).toBeGreaterThan(0);
    expect(soon.headers['retry-after']).toBe(String(soon.body.retryAfterSeconds));
    // The ticket says when the next code may go: 60 s after the last one, as the send answered.
    const waiting = (await api.get(`/api/tickets/${ticketId}`).expect(200)).body;
    expect(Date.parse(waiting.resendAvailableAt) - Date.parse(waiting.codes[0].issuedAt)).toBe(60_000);
    expect(waiting.allowedMoves).toEqual(['open', 'cancelled', 'closed']);

    for (let round = 1; round <= 4; round++) {
      later(round * 61_000);
      await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
    }
    later(5 * 61_000);
    const sixth = await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(429);
    expect(sixth.body).toMatchObject({
      code: 'CODE_HOURLY_LIMIT',
      message: 'This account already received 5 codes in the last hour; try again later',
    });

    // The first code was superseded by the later ones: 410, and not counted as a guess.
    const latest = (await codeFromMail(ticketId, 5)).code;
    if (latest === first) return; // the same six digits twice: nothing to tell apart
    expect((await api.post(`/api/tickets/${ticketId}/otp/verify`).send({ code: first }).expect(410)).body.message).toBe(
      'A newer code was sent; ask the caller for the latest one',
    );
    const [current] = await stack.dataSource.query(
      "SELECT attempts FROM verification_challenges WHERE ticket_id = ? AND status = 'pending'",
      [ticketId],
    );
    expect(current.attempts).toBe(0);
  });

  it('refuses an expired code with 410', async () => {
    const ticketId = await openTicket();
    await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
    const { code } = await codeFromMail(ticketId);
    later(11 * 60_000);
    expect((await api.post(`/api/tickets/${ticketId}/otp/verify`).send({ code }).expect(410)).body.message).toBe(
      'The code has expired; send a new one',
    );
  });

  it('counts a code from another ticket as a wrong code', async () => {
    const first = await openTicket();
    const second = await openTicket();
    await api.post(`/api/tickets/${first}/otp`).send({ channel: 'email' }).expect(202);
    await api.post(`/api/tickets/${second}/otp`).send({ channel: 'email' }).expect(202);
    const { code: firstCode } = await codeFromMail(first);
    const { code: secondCode } = await codeFromMail(second);
    if (firstCode === secondCode) return; // one in a million: the same digits are the right code
    expect((await api.post(`/api/tickets/${second}/otp/verify`).send({ code: firstCode }).expect(422)).body.attemptsLeft).toBe(4);
  });

  it.each([
    ['a 5-digit code', { code: '12345' }, 400, 'code must be the 6 digits the caller read out'],
    ['a numeric code', { code: 123456 }, 400, 'code must be text'],
    ['an unknown field', { code: '123456', ticket: 1 }, 400, 'unknown field "ticket"'],
  ])('refuses %s with %i', async (_case, body, status, message) => {
    const ticketId = await openTicket();
    expect((await api.post(`/api/tickets/${ticketId}/otp/verify`).send(body).expect(status)).body.message).toBe(message);
  });

  it('refuses verifying before any code, an unknown channel, and codes on finished tickets', async () => {
    const ticketId = await openTicket();
    expect((await api.post(`/api/tickets/${ticketId}/otp/verify`).send({ code: '123456' }).expect(409)).body.message).toBe(
      `No code has been sent for ticket #${ticketId}; send one first`,
    );
    expect((await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'fax' }).expect(400)).body.message).toBe(
      'channel must be email, personal_email, chat or authenticator',
    );
    await api.put(`/api/tickets/${ticketId}`).send({ status: 'closed' }).expect(200);
    expect((await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(409)).body.message).toBe(
      `Ticket #${ticketId} is closed; reopen it to verify the caller`,
    );
    expect((await api.post('/api/tickets/999999/otp').send({ channel: 'email' }).expect(404)).body.message).toBe(
      'Ticket 999999 does not exist',
    );
  });
});
