import { AccountEntity } from '@resetdesk/accounts';
import { AuditAction } from '@resetdesk/audit';
import { ChatTransport } from '@resetdesk/chat';
import { OneTimeCodes } from '@resetdesk/core';
import { StaffEntity } from '@resetdesk/staff';
import { AccountChangeCheck, TicketDetailSource, TicketEntity, TicketsService } from '@resetdesk/tickets';
import { AccountFactory, ChallengeFactory, minutesFrom, StaffFactory, TEST_NOW, TicketFactory } from 'test/factories';
import { newTestService, TestService } from 'test/unit/new-test-service';
import { HolderAuthenticatorService } from './authenticator/holder-authenticator.service';
import { VerificationChallengeEntity } from './verification-challenge.entity';
import { VerificationErrorCode } from './verification.exception';
import { VerificationRepository } from './verification.repository';
import { MAX_ATTEMPTS, VERIFIED_FOR_MINUTES, VerificationService } from './verification.service';

const context = { ip: '192.0.2.10', userAgent: 'unit-test' };

describe(VerificationService.name, () => {
  let sut: VerificationService;
  let ctx: TestService<VerificationService>;
  let agent: StaffEntity;
  let account: AccountEntity;
  let ticket: TicketEntity;

  beforeEach(async () => {
    ctx = await newTestService(VerificationService, { real: [OneTimeCodes, ChatTransport] });
    sut = ctx.sut;
    [agent] = ctx.db.seed(StaffEntity, StaffFactory.create());
    [account] = ctx.db.seed(AccountEntity, AccountFactory.create());
    [ticket] = ctx.db.seed(TicketEntity, TicketFactory.create({ accountId: account.id, assigneeId: agent.id }));
  });

  const codes = () => ctx.db.rows(VerificationChallengeEntity);
  const seedCode = (overrides: Partial<VerificationChallengeEntity>) =>
    ctx.db.seed(VerificationChallengeEntity, ChallengeFactory.create({ ticketId: ticket.id, accountId: account.id, ...overrides }))[0]!;
  const sendCode = (ticketId = ticket.id) => sut.sendCode(StaffFactory.principal(agent), ticketId, 'email', context);
  const verify = (code: string) => sut.verifyCode(StaffFactory.principal(agent), ticket.id, code, context);
  const hashOf = (code: string) => ctx.get(OneTimeCodes).hash(code);

  describe('sendCode', () => {
    it('sends a code to the holder, replaces the open one and moves the ticket to verifying', async () => {
      const older = seedCode({ createdAt: minutesFrom(TEST_NOW, -5) });

      const sent = await sendCode();

      expect(codes().find((code) => code.id === older.id)!.status).toBe('superseded');
      expect(codes().filter((code) => code.status === 'pending')).toEqual([
        expect.objectContaining({ id: sent.challengeId, attempts: 0, issuedByStaffId: agent.id }),
      ]);
      expect(ctx.db.rows(TicketEntity)[0]!.status).toBe('verifying');
      expect(ctx.outbox.mails).toEqual([
        expect.objectContaining({
          kind: 'assisted-code',
          to: account.email,
          data: expect.objectContaining({ code: expect.stringMatching(/^\d{6}$/) }),
        }),
      ]);
      expect(sent.resendAvailableAt).toBe(minutesFrom(TEST_NOW, 1).toISOString());
      expect(ctx.audit.actions()).toEqual([AuditAction.CodeSent]);
    });

    it('refuses another code within 60 s of the last one and says when one can be sent', async () => {
      seedCode({ createdAt: new Date(TEST_NOW.getTime() - 25_000) });

      await expect(sendCode()).rejects.toMatchObject({ code: VerificationErrorCode.TooSoon, details: { retryAfterSeconds: 35 } });

      expect(codes()).toHaveLength(1);
      expect(ctx.outbox.mails).toEqual([]);
    });

    it('sends another code once 60 s have passed', async () => {
      seedCode({ createdAt: new Date(TEST_NOW.getTime() - 25_000) });
      await expect(sendCode()).rejects.toMatchObject({ code: VerificationErrorCode.TooSoon });

      ctx.clock.advance({ seconds: 35 });

      await expect(sendCode()).resolves.toMatchObject({ challengeId: expect.any(Number) });
    });

    it('refuses a sixth code for the account within an hour, on whichever ticket', async () => {
      const [otherTicket] = ctx.db.seed(TicketEntity, TicketFactory.create({ accountId: account.id }));
      for (const minutesAgo of [50, 40, 30, 20]) seedCode({ createdAt: minutesFrom(TEST_NOW, -minutesAgo) });
      seedCode({ ticketId: otherTicket!.id, createdAt: minutesFrom(TEST_NOW, -10) });

      await expect(sendCode()).rejects.toMatchObject({ code: VerificationErrorCode.HourlyLimit, details: { retryAfterSeconds: 3600 } });
      expect(ctx.outbox.mails).toEqual([]);
    });

    it('counts only the codes of the last hour', async () => {
      for (const minutesAgo of [61, 40, 30, 20, 10]) seedCode({ createdAt: minutesFrom(TEST_NOW, -minutesAgo) });

      await expect(sendCode()).resolves.toMatchObject({ challengeId: expect.any(Number) });
    });

    it('refuses a code by chat when chat delivery is not set up', async () => {
      await expect(sut.sendCode(StaffFactory.principal(agent), ticket.id, 'chat', context)).rejects.toMatchObject({
        code: VerificationErrorCode.ChatUnavailable,
      });
    });

    it('leaves the next code to a supervisor after two locks’ worth of wrong codes on the account in a day, on any tickets', async () => {
      const [otherTicket] = ctx.db.seed(TicketEntity, TicketFactory.create({ accountId: account.id, status: 'cancelled' }));
      // A lock on a ticket cancelled since, and a code cut short by a resend after four wrong tries.
      ctx.db.seed(
        VerificationChallengeEntity,
        ChallengeFactory.create({
          ticketId: otherTicket!.id,
          accountId: account.id,
          status: 'locked',
          attempts: 5,
          createdAt: minutesFrom(TEST_NOW, -120),
        }),
      );
      seedCode({ status: 'superseded', attempts: 4, createdAt: minutesFrom(TEST_NOW, -30) });
      await expect(sendCode()).resolves.toMatchObject({ challengeId: expect.any(Number) });
      ctx.db.rows(VerificationChallengeEntity).find((code) => code.status === 'pending')!.attempts = 1;
      ctx.clock.advance({ minutes: 2 });

      await expect(sendCode()).rejects.toMatchObject({ code: VerificationErrorCode.SupervisorRequired });
      const [supervisor] = ctx.db.seed(StaffEntity, StaffFactory.create({ role: 'supervisor' }));
      await expect(sut.sendCode(StaffFactory.principal(supervisor!), ticket.id, 'email', context)).resolves.toMatchObject({
        challengeId: expect.any(Number),
      });
    });

    it('forgets wrong codes older than a day', async () => {
      seedCode({ status: 'locked', attempts: 5, createdAt: minutesFrom(TEST_NOW, -25 * 60) });
      seedCode({ status: 'locked', attempts: 5, createdAt: minutesFrom(TEST_NOW, -24 * 60 - 1) });
      await expect(sendCode()).resolves.toMatchObject({ challengeId: expect.any(Number) });
    });

    it('refuses a code on a finished ticket', async () => {
      const [closed] = ctx.db.seed(TicketEntity, TicketFactory.create({ accountId: account.id, status: 'closed' }));

      await expect(sendCode(closed!.id)).rejects.toMatchObject({ code: VerificationErrorCode.TicketFinished });
    });
  });

  describe('verifyCode', () => {
    it('verifies the caller with the right code for 15 minutes, and records who entered it', async () => {
      const sent = seedCode({ codeHash: hashOf('424242') });

      await expect(verify('424242')).resolves.toEqual({
        verified: true,
        verifiedUntil: minutesFrom(TEST_NOW, VERIFIED_FOR_MINUTES).toISOString(),
      });

      expect(codes().find((code) => code.id === sent.id)).toMatchObject({
        status: 'verified',
        verifiedAt: TEST_NOW,
        verifiedByStaffId: agent.id,
      });
      expect(ctx.db.rows(TicketEntity)[0]).toMatchObject({
        status: 'verified',
        verifiedUntil: minutesFrom(TEST_NOW, VERIFIED_FOR_MINUTES),
      });
      expect(ctx.audit.events).toEqual([
        expect.objectContaining({ action: AuditAction.CodeVerified, details: expect.objectContaining({ attempts: 1 }) }),
      ]);
    });

    it('refuses the right code a second time', async () => {
      seedCode({ codeHash: hashOf('424242') });
      await verify('424242');

      await expect(verify('424242')).rejects.toMatchObject({ code: VerificationErrorCode.AlreadyVerified });
    });

    it('counts a wrong code as a try and says how many are left', async () => {
      const sent = seedCode({ codeHash: hashOf('424242') });

      await expect(verify('000000')).rejects.toMatchObject({ code: VerificationErrorCode.WrongCode, details: { attemptsLeft: 4 } });

      expect(codes().find((code) => code.id === sent.id)).toMatchObject({ status: 'pending', attempts: 1 });
      expect(ctx.db.rows(TicketEntity)[0]!.status).toBe('open');
      expect(ctx.audit.events).toEqual([
        expect.objectContaining({ action: AuditAction.CodeFailed, details: { attempts: 1, attemptsLeft: 4 } }),
      ]);
    });

    it('locks the code on the fifth wrong try, and then refuses the right one', async () => {
      const sent = seedCode({ codeHash: hashOf('424242') });
      for (let left = MAX_ATTEMPTS - 1; left > 0; left -= 1) {
        await expect(verify('000000')).rejects.toMatchObject({ code: VerificationErrorCode.WrongCode, details: { attemptsLeft: left } });
      }

      await expect(verify('000000')).rejects.toMatchObject({ code: VerificationErrorCode.Locked, details: { attemptsLeft: 0 } });

      expect(codes().find((code) => code.id === sent.id)).toMatchObject({ status: 'locked', attempts: MAX_ATTEMPTS });
      expect(ctx.audit.actions()).toEqual([...Array<AuditAction>(4).fill(AuditAction.CodeFailed), AuditAction.CodeLocked]);
      await expect(verify('424242')).rejects.toMatchObject({ code: VerificationErrorCode.Locked });
      expect(ctx.db.rows(TicketEntity)[0]!.status).toBe('open');
    });

    /** The code as this try read it, while another try changes the stored one before this one counts. */
    const readBeforeAnotherTry = (code: VerificationChallengeEntity, change: Partial<VerificationChallengeEntity>) => {
      const readBefore = { ...code };
      Object.assign(code, change);
      jest.spyOn(ctx.get(VerificationRepository), 'issuedForTicket').mockResolvedValueOnce([readBefore]);
    };

    it('refuses the right code when a wrong try locked it in between, and verifies nobody', async () => {
      const sent = seedCode({ codeHash: hashOf('424242'), attempts: MAX_ATTEMPTS - 1 });
      readBeforeAnotherTry(sent, { status: 'locked', attempts: MAX_ATTEMPTS });

      await expect(verify('424242')).rejects.toMatchObject({ code: VerificationErrorCode.Locked, details: { attemptsLeft: 0 } });

      expect(ctx.db.rows(TicketEntity)[0]!.status).toBe('open');
      expect(ctx.audit.events).toEqual([]);
    });

    it('does not count a wrong code entered after another agent verified the caller with the right one', async () => {
      const sent = seedCode({ codeHash: hashOf('424242') });
      readBeforeAnotherTry(sent, { status: 'verified', verifiedAt: TEST_NOW });

      await expect(verify('000000')).rejects.toMatchObject({ code: VerificationErrorCode.AlreadyVerified });

      expect(codes()[0]).toMatchObject({ status: 'verified', attempts: 0 });
      expect(ctx.audit.events).toEqual([]);
    });

    it('refuses any code once the ticket is finished', async () => {
      seedCode({ codeHash: hashOf('424242') });
      ctx.db.rows(TicketEntity)[0]!.status = 'cancelled';

      await expect(verify('424242')).rejects.toMatchObject({ code: VerificationErrorCode.TicketFinished });
      expect(codes()[0]!.status).toBe('pending');
    });

    it('refuses even the right code once five wrong tries locked it', async () => {
      seedCode({ codeHash: hashOf('424242'), status: 'locked', attempts: 5 });

      await expect(verify('424242')).rejects.toMatchObject({ code: VerificationErrorCode.Locked, details: { attemptsLeft: 0 } });
      expect(ctx.db.rows(TicketEntity)[0]!.status).toBe('open');
    });

    it('refuses the right code ten minutes after it was sent', async () => {
      seedCode({ codeHash: hashOf('424242'), createdAt: minutesFrom(TEST_NOW, -10) });

      await expect(verify('424242')).rejects.toMatchObject({ code: VerificationErrorCode.Expired });
      expect(ctx.db.rows(TicketEntity)[0]!.status).toBe('open');
    });

    it('tells a replaced code from a wrong one and does not count it as a try', async () => {
      seedCode({ codeHash: hashOf('111111'), status: 'superseded', createdAt: minutesFrom(TEST_NOW, -4) });
      const latest = seedCode({ codeHash: hashOf('222222'), createdAt: minutesFrom(TEST_NOW, -2) });

      await expect(verify('111111')).rejects.toMatchObject({
        code: VerificationErrorCode.Expired,
        message: expect.stringMatching(/newer code/),
      });
      expect(codes().find((code) => code.id === latest.id)!.attempts).toBe(0);
    });

    it('refuses when no code was sent', async () => {
      await expect(verify('424242')).rejects.toMatchObject({ code: VerificationErrorCode.NoChallenge });
    });
  });

  /** The service with the hooks it gives TicketsService collected. */
  const withTicketHooks = async () => {
    const sources: TicketDetailSource[] = [];
    const accountChecks: AccountChangeCheck[] = [];
    const hooked = await newTestService(VerificationService, {
      provide: [
        [
          TicketsService,
          {
            addDetailSource: (source: TicketDetailSource) => sources.push(source),
            beforeAccountChange: (check: AccountChangeCheck) => accountChecks.push(check),
          },
        ],
        [HolderAuthenticatorService, { state: async () => ({ enrolled: false, enrolledAt: null }) }],
      ],
    });
    hooked.sut.onModuleInit();
    return { ...hooked, sources, accountChecks };
  };

  it('lets a ticket change account until a code was sent for it', async () => {
    const { db, accountChecks } = await withTicketHooks();
    expect(await accountChecks[0]!(null as never, ticket)).toBeNull();

    db.seed(VerificationChallengeEntity, ChallengeFactory.create({ ticketId: ticket.id, status: 'expired' }));

    expect(await accountChecks[0]!(null as never, ticket)).toMatch(/code was already sent/);
  });

  it("adds the ticket's codes, without their hashes, and when another may be sent to the ticket's detail", async () => {
    const { sources, ...withTickets } = await withTicketHooks();
    const [code] = withTickets.db.seed(VerificationChallengeEntity, ChallengeFactory.create({ ticketId: ticket.id }));

    const parts = await sources[0]!(ticket, TEST_NOW);

    expect(parts.codes).toEqual([expect.objectContaining({ id: code!.id, status: 'pending' })]);
    expect(parts.codes![0]).not.toHaveProperty('codeHash');
    expect(parts.resendAvailableAt).toBe(minutesFrom(code!.createdAt, 1).toISOString());
    expect(parts.authenticatorEnrolled).toBe(false);
  });
});
