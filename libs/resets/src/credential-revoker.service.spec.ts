import { AccountDisabledListener, AccountEntity, AccountsService } from '@resetdesk/accounts';
import { AuditAction } from '@resetdesk/audit';
import { StaffEntity } from '@resetdesk/staff';
import { TicketEntity, TicketsService, TicketStatus } from '@resetdesk/tickets';
import { VerificationChallengeEntity } from '@resetdesk/verification';
import { AccountFactory, ChallengeFactory, minutesFrom, ResetTokenFactory, StaffFactory, TEST_NOW, TicketFactory } from 'test/factories';
import { FakeDataSource } from 'test/unit/fakes/typeorm.fake';
import { SELF_SERVICE_CODES } from 'test/unit/fakes/repositories.fake';
import { newTestService, TestService } from 'test/unit/new-test-service';
import { DataSource, EntityManager } from 'typeorm';
import { CredentialRevoker } from './credential-revoker.service';
import { ResetTokenEntity } from './reset-token.entity';

const context = { ip: '192.0.2.10', userAgent: 'unit-test' };

describe(CredentialRevoker.name, () => {
  let ctx: TestService<CredentialRevoker>;
  let tickets: TicketsService;
  let onDisabled: AccountDisabledListener[];
  let agent: StaffEntity;
  let account: AccountEntity;

  beforeEach(async () => {
    onDisabled = [];
    // The real TicketsService: the revoker hears of finished tickets through its onFinished listener.
    ctx = await newTestService(CredentialRevoker, {
      real: [TicketsService],
      provide: [[AccountsService, { onDisabled: (listener: AccountDisabledListener) => onDisabled.push(listener) }]],
    });
    ctx.sut.onModuleInit();
    tickets = ctx.get(TicketsService);
    [agent] = ctx.db.seed(StaffEntity, StaffFactory.create());
    [account] = ctx.db.seed(AccountEntity, AccountFactory.create());
  });

  const seedTicket = (status: TicketStatus) =>
    ctx.db.seed(TicketEntity, TicketFactory.create({ accountId: account.id, assigneeId: agent.id, status }))[0]!;
  const code = (id: number) => ctx.db.rows(VerificationChallengeEntity).find((row) => row.id === id)!;
  const link = (id: number) => ctx.db.rows(ResetTokenEntity).find((row) => row.id === id)!;
  const inTransaction = <R>(run: (manager: EntityManager) => Promise<R>) =>
    (ctx.get(DataSource) as unknown as FakeDataSource).transaction((manager) => run(manager as unknown as EntityManager));

  describe('a finished ticket', () => {
    it("revokes the ticket's open codes and unused links, and records it", async () => {
      const ticket = seedTicket('verifying');
      const [ticketCode] = ctx.db.seed(
        VerificationChallengeEntity,
        ChallengeFactory.create({ ticketId: ticket.id, accountId: account.id }),
      );
      const [ticketLink] = ctx.db.seed(ResetTokenEntity, ResetTokenFactory.create({ ticketId: ticket.id, accountId: account.id }));
      const [otherTicketsCode] = ctx.db.seed(VerificationChallengeEntity, ChallengeFactory.create({ accountId: account.id }));

      await tickets.update(StaffFactory.principal(agent), ticket.id, { status: 'closed' }, context);

      expect(code(ticketCode!.id).status).toBe('superseded');
      expect(code(otherTicketsCode!.id).status).toBe('pending');
      expect(link(ticketLink!.id).revokedAt).toEqual(TEST_NOW);
      expect(ctx.audit.events).toContainEqual(
        expect.objectContaining({
          action: AuditAction.CredentialsRevoked,
          ticketId: ticket.id,
          details: { reason: 'ticket-closed', revokedLinks: 1, revokedCodes: 1 },
        }),
      );
    });

    it('records no revocation when there was nothing to revoke', async () => {
      const ticket = seedTicket('open');
      ctx.db.seed(ResetTokenEntity, ResetTokenFactory.create({ ticketId: ticket.id, accountId: account.id, usedAt: TEST_NOW }));

      await tickets.update(StaffFactory.principal(agent), ticket.id, { status: 'closed' }, context);

      expect(ctx.audit.actions()).toEqual([AuditAction.TicketStatusChanged]);
    });
  });

  it("revokes every unused link and pending code of a disabled account, its forgot-password codes too, and leaves others' alone", async () => {
    const [other] = ctx.db.seed(AccountEntity, AccountFactory.create());
    const [accountLink, usedLink, othersLink] = ctx.db.seed(
      ResetTokenEntity,
      ResetTokenFactory.create({ accountId: account.id }),
      ResetTokenFactory.create({ accountId: account.id, usedAt: minutesFrom(TEST_NOW, -1) }),
      ResetTokenFactory.create({ accountId: other!.id }),
    );
    const [pending, verified] = ctx.db.seed(
      VerificationChallengeEntity,
      ChallengeFactory.create({ accountId: account.id }),
      ChallengeFactory.from({ accountId: account.id }).verifiedBy(agent.id).build(),
    );
    ctx.db.seed(
      SELF_SERVICE_CODES,
      { id: 1, accountId: account.id, status: 'pending' },
      { id: 2, accountId: other!.id, status: 'pending' },
    );

    const revoked = await inTransaction((manager) => onDisabled[0]!(manager, account.id, TEST_NOW));

    expect(revoked).toEqual({ links: 1, codes: 2 });
    expect(link(accountLink!.id).revokedAt).toEqual(TEST_NOW);
    expect(link(usedLink!.id).revokedAt).toBeNull();
    expect(link(othersLink!.id).revokedAt).toBeNull();
    expect(code(pending!.id).status).toBe('superseded');
    expect(code(verified!.id).status).toBe('verified');
    expect(ctx.db.rows<{ accountId: number; status: string }>(SELF_SERVICE_CODES).map((row) => row.status)).toEqual([
      'superseded',
      'pending',
    ]);
  });

  it('resolves the tickets that waited for the holder to set a password, or only the one named', async () => {
    const [waiting, alsoWaiting, verifying] = [seedTicket('reset_sent'), seedTicket('reset_sent'), seedTicket('verifying')];

    await expect(inTransaction((manager) => ctx.sut.resolveWaitingTickets(manager, account.id, TEST_NOW, alsoWaiting.id))).resolves.toEqual(
      [alsoWaiting.id],
    );
    await expect(inTransaction((manager) => ctx.sut.resolveWaitingTickets(manager, account.id, TEST_NOW))).resolves.toEqual([waiting.id]);

    const statuses = ctx.db.rows(TicketEntity).map((ticket) => [ticket.id, ticket.status, ticket.resolvedAt]);
    expect(statuses).toEqual([
      [waiting.id, 'resolved', TEST_NOW],
      [alsoWaiting.id, 'resolved', TEST_NOW],
      [verifying.id, 'verifying', null],
    ]);
  });
});
