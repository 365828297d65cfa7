import { AccountEntity, AccountUnlocker, PasswordSetter } from '@resetdesk/accounts';
import { AuditAction } from '@resetdesk/audit';
import { evaluatePassword } from '@resetdesk/policies';
import { StaffEntity } from '@resetdesk/staff';
import { TicketDetailSource, TicketEntity, TicketsRepository, TicketsService } from '@resetdesk/tickets';
import { VerificationChallengeEntity } from '@resetdesk/verification';
import { AccountFactory, ChallengeFactory, minutesFrom, ResetTokenFactory, StaffFactory, TEST_NOW, TicketFactory } from 'test/factories';
import { FakePasswordSetter, FakePoliciesService } from 'test/unit/fakes/collaborators.fake';
import { newTestService, TestService } from 'test/unit/new-test-service';
import { AssistedResetService, RESET_LINK_TTL_MINUTES } from './assisted-reset.service';
import { CredentialRevoker } from './credential-revoker.service';
import { hashResetToken, ResetTokenEntity } from './reset-token.entity';
import { ResetErrorCode } from './reset.exception';

const context = { ip: '192.0.2.10', userAgent: 'unit-test' };

/** Unlocks nothing; remembers who asked and on whose approval. */
class FakeUnlocker {
  readonly unlocked: Array<{ accountId: number; approvedByStaffId: number | null }> = [];

  async unlock(account: AccountEntity, options: { approvedByStaffId: number | null }) {
    this.unlocked.push({ accountId: account.id, approvedByStaffId: options.approvedByStaffId });
    return { unlocked: true };
  }
}

describe(AssistedResetService.name, () => {
  let sut: AssistedResetService;
  let ctx: TestService<AssistedResetService>;
  let unlocker: FakeUnlocker;
  let agent: StaffEntity;
  let supervisor: StaffEntity;
  let otherSupervisor: StaffEntity;
  let account: AccountEntity;

  beforeEach(async () => {
    unlocker = new FakeUnlocker();
    // The real revoker, over the fake repositories: what a reset makes void is part of the reset.
    ctx = await newTestService(AssistedResetService, { real: [CredentialRevoker], provide: [[AccountUnlocker, unlocker]] });
    sut = ctx.sut;
    [agent, supervisor, otherSupervisor] = ctx.db.seed(
      StaffEntity,
      StaffFactory.create(),
      StaffFactory.from().supervisor().build(),
      StaffFactory.from().supervisor().build(),
    );
    [account] = ctx.db.seed(AccountEntity, AccountFactory.from().privileged().build());
  });

  /** A ticket the agent works, whose caller the agent verified with a code one minute ago. */
  function verifiedTicket(overrides: Partial<TicketEntity> = {}, code: Partial<VerificationChallengeEntity> = {}): TicketEntity {
    const [ticket] = ctx.db.seed(TicketEntity, TicketFactory.from({ accountId: account.id, assigneeId: agent.id }).verified(1).build());
    Object.assign(ticket!, overrides);
    ctx.db.seed(
      VerificationChallengeEntity,
      ChallengeFactory.from({ ticketId: ticket!.id, accountId: account.id, issuedByStaffId: agent.id, ...code })
        .verifiedBy(code.verifiedByStaffId ?? agent.id, 1)
        .build(),
    );
    return ticket!;
  }

  const approve = (by: StaffEntity, ticket: TicketEntity) => sut.approve(StaffFactory.principal(by), ticket.id, context);
  const unlock = (by: StaffEntity, ticket: TicketEntity) => sut.unlock(StaffFactory.principal(by), ticket.id, context);
  const reset = (by: StaffEntity, ticket: TicketEntity, method: 'link' | 'temporary' = 'link') =>
    sut.reset(StaffFactory.principal(by), ticket.id, method, context);
  const stored = (ticket: TicketEntity) => ctx.db.rows(TicketEntity).find((row) => row.id === ticket.id)!;
  const links = () => ctx.db.rows(ResetTokenEntity);

  describe('approve', () => {
    it('approves the reset of a verified privileged account for one hour', async () => {
      const ticket = verifiedTicket();

      const approval = await approve(supervisor, ticket);

      expect(approval).toEqual({
        approvedByStaffId: supervisor.id,
        approvedAt: TEST_NOW.toISOString(),
        validUntil: minutesFrom(TEST_NOW, 60).toISOString(),
      });
      expect(ctx.db.rows(TicketEntity)[0]).toMatchObject({ resetApprovedByStaffId: supervisor.id, resetApprovedAt: TEST_NOW });
      expect(ctx.audit.actions()).toEqual([AuditAction.ResetApproved]);
    });

    it('refuses the supervisor who works the ticket', async () => {
      const ticket = verifiedTicket({ assigneeId: supervisor.id });

      await expect(approve(supervisor, ticket)).rejects.toMatchObject({ code: ResetErrorCode.SamePerson });
      expect(ctx.db.rows(TicketEntity)[0]!.resetApprovedByStaffId).toBeNull();
    });

    it('refuses the supervisor who sent the code', async () => {
      const ticket = verifiedTicket({}, { issuedByStaffId: supervisor.id });

      await expect(approve(supervisor, ticket)).rejects.toMatchObject({ code: ResetErrorCode.SamePerson });
    });

    it('refuses the supervisor who entered the code', async () => {
      const ticket = verifiedTicket({}, { verifiedByStaffId: supervisor.id });

      await expect(approve(supervisor, ticket)).rejects.toMatchObject({ code: ResetErrorCode.SamePerson });
    });

    it('refuses before the caller is verified, and once the verification ran out', async () => {
      const verifying = verifiedTicket({ status: 'verifying', verifiedUntil: null });
      const ranOut = verifiedTicket({ verifiedUntil: TEST_NOW });

      await expect(approve(supervisor, verifying)).rejects.toMatchObject({ code: ResetErrorCode.ApprovalBeforeVerification });
      await expect(approve(supervisor, ranOut)).rejects.toMatchObject({ code: ResetErrorCode.ApprovalBeforeVerification });
    });

    it('has nothing to approve for an account that is not privileged', async () => {
      account.privileged = false;

      await expect(approve(supervisor, verifiedTicket())).rejects.toMatchObject({ code: ResetErrorCode.NotPrivileged });
    });
  });

  describe('requestApproval', () => {
    const requestApproval = (by: StaffEntity, ticket: TicketEntity) => sut.requestApproval(StaffFactory.principal(by), ticket.id, context);

    it('asks every supervisor who could approve, once per verification: a second request emails nobody', async () => {
      const ticket = verifiedTicket({}, { verifiedByStaffId: otherSupervisor.id });

      const asked = await requestApproval(agent, ticket);
      const again = await requestApproval(agent, ticket);

      // The supervisor who entered the code could not approve, so is not asked.
      expect(ctx.outbox.mails.map((mail) => [mail.kind, mail.to])).toEqual([['approval-requested', supervisor.email]]);
      expect(asked).toMatchObject({ requestedAt: TEST_NOW.toISOString(), notified: 1, alreadyRequested: false });
      expect(again).toMatchObject({ requestedAt: TEST_NOW.toISOString(), notified: 0, alreadyRequested: true });
      expect(stored(ticket)).toMatchObject({ approvalRequestedAt: TEST_NOW, approvalRequestedByStaffId: agent.id });
      expect(ctx.audit.actions()).toEqual([AuditAction.ResetApprovalRequested]);
    });

    it('is answered by the approval; asking again then is refused and emails nobody', async () => {
      const ticket = verifiedTicket();
      await requestApproval(agent, ticket);

      await approve(supervisor, ticket);

      expect(stored(ticket)).toMatchObject({ approvalRequestedAt: null, resetApprovedByStaffId: supervisor.id });
      await expect(requestApproval(agent, ticket)).rejects.toMatchObject({ code: ResetErrorCode.AlreadyApproved });
      expect(ctx.outbox.mails.filter((mail) => mail.kind === 'approval-requested')).toHaveLength(2);
    });

    it('refuses before verification, for an ordinary account, and when nobody else could approve', async () => {
      await expect(requestApproval(agent, verifiedTicket({ status: 'verifying', verifiedUntil: null }))).rejects.toMatchObject({
        code: ResetErrorCode.ApprovalBeforeVerification,
      });
      const lonely = verifiedTicket({ assigneeId: supervisor.id }, { verifiedByStaffId: otherSupervisor.id });
      await expect(requestApproval(agent, lonely)).rejects.toMatchObject({ code: ResetErrorCode.NoApprover });
      account.privileged = false;
      await expect(requestApproval(agent, verifiedTicket())).rejects.toMatchObject({ code: ResetErrorCode.NotPrivileged });
      expect(ctx.outbox.mails).toEqual([]);
      expect(ctx.audit.actions()).toEqual([]);
    });
  });

  describe('the approval when the reset or unlock happens', () => {
    it('lets the agent unlock on a live approval by another supervisor', async () => {
      const ticket = verifiedTicket();
      await approve(supervisor, ticket);

      await unlock(agent, ticket);

      expect(unlocker.unlocked).toEqual([{ accountId: account.id, approvedByStaffId: supervisor.id }]);
    });

    it('refuses without an approval', async () => {
      const ticket = verifiedTicket();

      await expect(reset(agent, ticket)).rejects.toMatchObject({ code: ResetErrorCode.ApprovalRequired });
      await expect(unlock(agent, ticket)).rejects.toMatchObject({ code: ResetErrorCode.ApprovalRequired });
      expect(unlocker.unlocked).toEqual([]);
    });

    it.each([
      [59, 'holds'],
      [60, 'has lapsed'],
    ])('an approval given %i minutes ago %s', async (minutesAgo, outcome) => {
      // Verified before the approval and still live: only the approval's age decides.
      const ticket = verifiedTicket({
        resetApprovedByStaffId: supervisor.id,
        resetApprovedAt: minutesFrom(TEST_NOW, -minutesAgo),
        verifiedUntil: minutesFrom(TEST_NOW, 5),
      });
      ctx.db.rows(VerificationChallengeEntity)[0]!.verifiedAt = minutesFrom(TEST_NOW, -minutesAgo - 1);

      if (outcome === 'holds') await expect(unlock(agent, ticket)).resolves.toBeDefined();
      else await expect(unlock(agent, ticket)).rejects.toMatchObject({ code: ResetErrorCode.ApprovalRequired });
    });

    it('refuses the approver carrying out the reset themselves', async () => {
      const ticket = verifiedTicket();
      await approve(supervisor, ticket);

      await expect(reset(supervisor, ticket)).rejects.toMatchObject({ code: ResetErrorCode.SamePerson });
      await expect(unlock(supervisor, ticket)).rejects.toMatchObject({ code: ResetErrorCode.SamePerson });
    });

    it('refuses an approval given before the caller was verified again', async () => {
      const ticket = verifiedTicket();
      await approve(supervisor, ticket);
      ctx.clock.advance({ minutes: 2 });
      ctx.db.seed(
        VerificationChallengeEntity,
        ChallengeFactory.from({ ticketId: ticket.id, accountId: account.id, issuedByStaffId: agent.id }).verifiedBy(agent.id, -1).build(),
      );

      await expect(reset(agent, ticket)).rejects.toMatchObject({ code: ResetErrorCode.ApprovalRequired });
    });

    it('refuses an approval by a supervisor who sent the code of the current verification', async () => {
      const ticket = verifiedTicket(
        { resetApprovedByStaffId: otherSupervisor.id, resetApprovedAt: TEST_NOW },
        { issuedByStaffId: otherSupervisor.id },
      );

      await expect(reset(agent, ticket)).rejects.toMatchObject({ code: ResetErrorCode.SamePerson });
    });

    it.each([
      ['disabled since', { disabled: true }],
      ['no longer a supervisor', { role: 'agent' as const }],
    ])('refuses an approval by someone %s', async (_change, change) => {
      const ticket = verifiedTicket();
      await approve(supervisor, ticket);
      Object.assign(
        ctx.db.rows(StaffEntity).find((member) => member.id === supervisor.id)!,
        change,
      );

      await expect(reset(agent, ticket)).rejects.toMatchObject({ code: ResetErrorCode.ApprovalRequired });
    });

    it("refuses once the caller's verification ran out, approval or not", async () => {
      const ticket = verifiedTicket();
      await approve(supervisor, ticket);
      ctx.clock.advance({ minutes: 14 });

      await expect(reset(agent, ticket)).rejects.toMatchObject({ code: ResetErrorCode.NotVerified });
    });
  });

  describe('reset by link', () => {
    it('emails a single-use link for 30 minutes, moves the ticket to reset_sent and voids older links and open codes', async () => {
      account.privileged = false;
      const ticket = verifiedTicket();
      const [olderLink] = ctx.db.seed(ResetTokenEntity, ResetTokenFactory.create({ accountId: account.id }));
      const [openCode] = ctx.db.seed(VerificationChallengeEntity, ChallengeFactory.create({ accountId: account.id }));

      const issued = await reset(agent, ticket);

      expect(issued).toEqual({
        method: 'link',
        expiresAt: minutesFrom(TEST_NOW, RESET_LINK_TTL_MINUTES).toISOString(),
        sentTo: `${account.email[0]}•••${account.email.slice(account.email.indexOf('@'))}`,
      });
      expect(stored(ticket)).toMatchObject({ status: 'reset_sent', verifiedUntil: null, updatedAt: TEST_NOW });
      expect(links().find((link) => link.id === olderLink!.id)!.revokedAt).toEqual(TEST_NOW);
      expect(ctx.db.rows(VerificationChallengeEntity).find((code) => code.id === openCode!.id)!.status).toBe('superseded');
      const [mail] = ctx.outbox.mails;
      expect(mail).toMatchObject({ kind: 'reset-link', to: account.email, data: { ticketId: ticket.id } });
      const token = (mail!.data as { token: string }).token;
      expect(links().filter((link) => link.revokedAt === null)).toEqual([
        expect.objectContaining({
          ticketId: ticket.id,
          accountId: account.id,
          tokenHash: hashResetToken(token),
          issuedByStaffId: agent.id,
          approvedByStaffId: null,
          expiresAt: minutesFrom(TEST_NOW, RESET_LINK_TTL_MINUTES),
          usedAt: null,
        }),
      ]);
      expect(ctx.audit.events).toEqual([
        expect.objectContaining({
          action: AuditAction.ResetLinkIssued,
          details: expect.objectContaining({ approvedByStaffId: null, revokedLinks: 1, revokedCodes: 1 }),
        }),
      ]);
    });

    it("uses up a privileged account's approval: the link names the approver, and a second reset needs a new verification", async () => {
      const ticket = verifiedTicket();
      await approve(supervisor, ticket);

      await reset(agent, ticket);

      expect(stored(ticket)).toMatchObject({ status: 'reset_sent', resetApprovedByStaffId: null, resetApprovedAt: null });
      expect(links()).toEqual([expect.objectContaining({ approvedByStaffId: supervisor.id })]);
      await expect(reset(agent, ticket)).rejects.toMatchObject({ code: ResetErrorCode.NotVerified });
      expect(links()).toHaveLength(1);
    });

    it.each([
      ['another agent reset it', (_ticket: TicketEntity) => undefined],
      [
        'the caller was verified again',
        (ticket: TicketEntity) => {
          Object.assign(ticket, { status: 'verified', verifiedUntil: minutesFrom(TEST_NOW, 15) });
        },
      ],
    ])('resets once when the ticket changed after it was read (%s)', async (_case, change) => {
      account.privileged = false;
      const ticket = verifiedTicket();
      // What a second click read before the first one's reset (or a new verification) committed.
      const readBefore = Object.assign(new TicketEntity(), stored(ticket));
      await reset(agent, ticket);
      change(stored(ticket));
      jest.spyOn(ctx.get(TicketsRepository), 'findById').mockResolvedValueOnce(readBefore);

      await expect(reset(agent, ticket)).rejects.toMatchObject({
        code: ResetErrorCode.NotVerified,
        message: expect.stringMatching(/moment ago/),
      });

      expect(links().filter((link) => link.revokedAt === null)).toHaveLength(1);
      expect(ctx.outbox.mails).toHaveLength(1);
    });

    it('refuses before the caller is verified', async () => {
      account.privileged = false;
      const ticket = verifiedTicket({ status: 'verifying', verifiedUntil: null });

      await expect(reset(agent, ticket)).rejects.toMatchObject({ code: ResetErrorCode.NotVerified });
      expect(links()).toEqual([]);
      expect(ctx.outbox.mails).toEqual([]);
    });
  });

  describe('reset by temporary password', () => {
    const setter = () => ctx.get<FakePasswordSetter>(PasswordSetter.name);

    it('sets a temporary password that meets the policy, for the agent to read out, and tells the holder', async () => {
      account.privileged = false;
      const ticket = verifiedTicket();
      const [olderLink] = ctx.db.seed(ResetTokenEntity, ResetTokenFactory.create({ accountId: account.id }));

      const issued = await reset(agent, ticket, 'temporary');

      expect(issued).toEqual({
        method: 'temporary',
        expiresAt: minutesFrom(TEST_NOW, 24 * 60).toISOString(),
        temporaryPassword: expect.any(String),
      });
      const password = issued.temporaryPassword!;
      expect(evaluatePassword(new FakePoliciesService().policy, password, account).filter((rule) => !rule.passed)).toEqual([]);
      expect(setter().set).toEqual([{ accountId: account.id, password, reason: 'assisted-reset', temporary: true }]);
      expect(stored(ticket)).toMatchObject({ status: 'reset_sent', verifiedUntil: null });
      expect(links().find((link) => link.id === olderLink!.id)!.revokedAt).toEqual(TEST_NOW);
      expect(ctx.outbox.mails).toEqual([expect.objectContaining({ kind: 'temporary-password-notice', to: account.email })]);
      expect(JSON.stringify(ctx.outbox.mails)).not.toContain(password);
      expect(ctx.audit.events).toEqual([
        expect.objectContaining({ action: AuditAction.TemporaryPasswordIssued, details: expect.objectContaining({ revokedLinks: 1 }) }),
      ]);
    });

    it('gives the ticket back, verified and approved as before, when the password cannot be set', async () => {
      const ticket = verifiedTicket();
      await approve(supervisor, ticket);
      const before = { ...stored(ticket) };
      setter().refuse = new Error('The directory is away');

      await expect(reset(agent, ticket, 'temporary')).rejects.toThrow('The directory is away');

      expect(stored(ticket)).toMatchObject({
        status: 'verified',
        verifiedUntil: before.verifiedUntil,
        resetApprovedByStaffId: supervisor.id,
        resetApprovedAt: before.resetApprovedAt,
      });
      setter().refuse = null;
      await expect(reset(agent, ticket, 'temporary')).resolves.toMatchObject({ method: 'temporary' });
    });
  });

  it("adds the ticket's links and a live approval to the ticket's detail", async () => {
    const sources: TicketDetailSource[] = [];
    const withTickets = await newTestService(AssistedResetService, {
      real: [CredentialRevoker],
      provide: [[TicketsService, { addDetailSource: (source: TicketDetailSource) => sources.push(source), onFinished: () => undefined }]],
    });
    withTickets.sut.onModuleInit();
    withTickets.db.seed(StaffEntity, supervisor);
    const [ticket] = withTickets.db.seed(
      TicketEntity,
      TicketFactory.from({ accountId: account.id }).verified().approvedBy(supervisor.id, 5).build(),
    );
    const [link] = withTickets.db.seed(ResetTokenEntity, ResetTokenFactory.create({ ticketId: ticket!.id, accountId: account.id }));
    // The verification the approval was given for, a minute before it.
    withTickets.db.seed(
      VerificationChallengeEntity,
      ChallengeFactory.from({ ticketId: ticket!.id, accountId: account.id, issuedByStaffId: agent.id }).verifiedBy(agent.id, 6).build(),
    );

    const parts = await sources[0]!(ticket!, TEST_NOW);

    expect(parts.links).toEqual([expect.objectContaining({ id: link!.id })]);
    expect(parts.links![0]).not.toHaveProperty('tokenHash');
    expect(parts.approval).toEqual({
      approvedByStaffId: supervisor.id,
      approvedByName: supervisor.name,
      approvedAt: minutesFrom(TEST_NOW, -5).toISOString(),
      validUntil: minutesFrom(TEST_NOW, 55).toISOString(),
    });
    expect(await sources[0]!(ticket!, minutesFrom(TEST_NOW, 55))).toMatchObject({ approval: null });
  });
});
