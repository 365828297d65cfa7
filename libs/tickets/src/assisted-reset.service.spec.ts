import { AccountEntity, AccountUnlocker } from '@resetdesk/accounts';
import { AuditAction } from '@resetdesk/audit';
import { StaffEntity } from '@resetdesk/staff';
import { AssistedResetService, ResetErrorCode, TicketEntity, VerificationChallengeEntity } from '@resetdesk/tickets';
import { AccountFactory, ChallengeFactory, minutesFrom, StaffFactory, TEST_NOW, TicketFactory } from 'test/factories';
import { newTestService, TestService } from 'test/unit/new-test-service';

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
    ctx = await newTestService(AssistedResetService, { provide: [[AccountUnlocker, unlocker]] });
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
  const reset = (by: StaffEntity, ticket: TicketEntity) => sut.reset(StaffFactory.principal(by), ticket.id, 'link', context);

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
});
