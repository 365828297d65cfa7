import { AuditAction } from '@resetdesk/audit';
import { SessionLiveness, StaffEntity, StaffSessionEntity } from '@resetdesk/staff';
import { SessionFactory, StaffFactory, TEST_NOW, minutesFrom } from 'test/factories';
import { newTestService, TestService } from 'test/unit/new-test-service';
import { AuthErrorCode } from './auth.exception';
import { SessionService } from './session.service';
import { TokenService } from './token.service';

const context = { ip: '192.0.2.10', userAgent: 'unit-test' };

describe(SessionService.name, () => {
  let sut: SessionService;
  let ctx: TestService<SessionService>;

  beforeEach(async () => {
    ctx = await newTestService(SessionService, { real: [TokenService, SessionLiveness], config: { auth: { maxSessionsPerMember: 2 } } });
    sut = ctx.sut;
  });

  const sessionsOf = (staffId: number) => ctx.db.rows(StaffSessionEntity).filter((session) => session.staffId === staffId);

  describe('open', () => {
    it('opens a session that records how the member signed in, and a refresh token for it', async () => {
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.create({ failedLogins: 2 }));

      const issued = await sut.open(member!, { method: 'password+totp', clearsPasswordFailures: true }, context);

      const [session] = sessionsOf(member!.id);
      expect(session).toMatchObject({ method: 'password+totp', createdAt: TEST_NOW, revokedAt: null, ip: context.ip });
      expect(issued.refreshToken.split('.')[0]).toBe(session!.id);
      expect(ctx.db.rows(StaffEntity)[0]).toMatchObject({ failedLogins: 0, lastLoginAt: TEST_NOW });
      expect(ctx.audit.events).toEqual([
        expect.objectContaining({
          action: AuditAction.SignInSucceeded,
          details: expect.objectContaining({ method: 'password+totp', sessionId: session!.id }),
        }),
      ]);
    });

    it('ends the oldest live sessions beyond the cap on sessions per member', async () => {
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.create());
      const oldest = SessionFactory.create({ staffId: member!.id, createdAt: minutesFrom(TEST_NOW, -120) });
      const newer = SessionFactory.create({ staffId: member!.id, createdAt: minutesFrom(TEST_NOW, -60) });
      ctx.db.seed(StaffSessionEntity, oldest.session, newer.session);

      await sut.open(member!, { method: 'password' }, context);

      expect(sessionsOf(member!.id).filter((session) => session.revokedAt === null)).toHaveLength(2);
      expect(sessionsOf(member!.id).find((session) => session.id === oldest.session.id)!.revokedAt).toEqual(TEST_NOW);
      expect(ctx.audit.events[0]!.details).toMatchObject({ oldestSessionsEnded: 1 });
    });

    it('opens nothing when what the sign-in still had to win is lost', async () => {
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.create());
      const prepare = async () => {
        throw new Error('code used meanwhile');
      };

      await expect(sut.open(member!, { method: 'password+totp', prepare }, context)).rejects.toThrow('code used meanwhile');

      expect(sessionsOf(member!.id)).toEqual([]);
      expect(ctx.db.rows(StaffEntity)[0]!.lastLoginAt).toBeNull();
      expect(ctx.audit.events).toEqual([]);
    });
  });

  describe('refresh', () => {
    it('swaps a current refresh token for a new one on the same session', async () => {
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.create());
      const { session, refreshToken } = SessionFactory.create({ staffId: member!.id });
      ctx.db.seed(StaffSessionEntity, session);

      const issued = await sut.refresh(refreshToken, context);

      expect(issued.refreshToken).not.toBe(refreshToken);
      expect(issued.refreshToken.split('.')[0]).toBe(session.id);
      expect(sessionsOf(member!.id)[0]!.revokedAt).toBeNull();
    });

    it('ends every session of the member when a rotated-out refresh token comes back', async () => {
      const [member, colleague] = ctx.db.seed(StaffEntity, StaffFactory.create(), StaffFactory.create());
      const stolen = SessionFactory.create({ staffId: member!.id });
      const otherBrowser = SessionFactory.create({ staffId: member!.id });
      const colleagues = SessionFactory.create({ staffId: colleague!.id });
      ctx.db.seed(StaffSessionEntity, stolen.session, otherBrowser.session, colleagues.session);
      await sut.refresh(stolen.refreshToken, context);

      await expect(sut.refresh(stolen.refreshToken, context)).rejects.toMatchObject({ code: AuthErrorCode.InvalidRefresh });

      expect(sessionsOf(member!.id).map((session) => session.revokedAt)).toEqual([TEST_NOW, TEST_NOW]);
      expect(sessionsOf(colleague!.id)[0]!.revokedAt).toBeNull();
      expect(ctx.audit.events).toContainEqual(
        expect.objectContaining({
          action: AuditAction.SessionRefreshReused,
          details: { sessionId: stolen.session.id, signedOutEverywhere: true },
        }),
      );
    });

    it('refuses the newest refresh token too once the reuse has ended the session', async () => {
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.create());
      const { session, refreshToken } = SessionFactory.create({ staffId: member!.id });
      ctx.db.seed(StaffSessionEntity, session);
      const rotated = await sut.refresh(refreshToken, context);
      await expect(sut.refresh(refreshToken, context)).rejects.toMatchObject({ code: AuthErrorCode.InvalidRefresh });

      await expect(sut.refresh(rotated.refreshToken, context)).rejects.toMatchObject({ code: AuthErrorCode.InvalidRefresh });
    });

    it.each([
      ['expired', { expiresAt: TEST_NOW }],
      ['revoked', { revokedAt: new Date(TEST_NOW.getTime() - 1000) }],
    ])('refuses a session that is %s', async (_state, overrides) => {
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.create());
      const { session, refreshToken } = SessionFactory.create({ staffId: member!.id, ...overrides });
      ctx.db.seed(StaffSessionEntity, session);

      await expect(sut.refresh(refreshToken, context)).rejects.toMatchObject({ code: AuthErrorCode.InvalidRefresh });
    });

    it('refuses a malformed token without looking anything up', async () => {
      for (const token of [undefined, '', 'no-dot', `${'z'.repeat(32)}.secret`]) {
        await expect(sut.refresh(token, context)).rejects.toMatchObject({ code: AuthErrorCode.InvalidRefresh });
      }
    });
  });

  it('signs the member out everywhere', async () => {
    const [member, colleague] = ctx.db.seed(StaffEntity, StaffFactory.create(), StaffFactory.create());
    ctx.db.seed(
      StaffSessionEntity,
      SessionFactory.create({ staffId: member!.id }).session,
      SessionFactory.create({ staffId: member!.id }).session,
      SessionFactory.create({ staffId: colleague!.id }).session,
    );

    await sut.signOut(StaffFactory.principal(member!), context);

    expect(sessionsOf(member!.id).map((session) => session.revokedAt)).toEqual([TEST_NOW, TEST_NOW]);
    expect(sessionsOf(colleague!.id)[0]!.revokedAt).toBeNull();
    expect(ctx.audit.events).toEqual([expect.objectContaining({ action: AuditAction.SignOut, details: { sessionsEnded: 2 } })]);
  });

  describe('resolvePrincipal', () => {
    it('names the member of a live session, and nobody once it ended or the member was disabled', async () => {
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.create());
      const { session } = SessionFactory.create({ staffId: member!.id });
      ctx.db.seed(StaffSessionEntity, session);
      const claims = { sub: String(member!.id), sid: session.id, typ: 'access' as const, exp: TEST_NOW.getTime() / 1000 + 600 };

      await expect(sut.resolvePrincipal(claims)).resolves.toMatchObject({ id: member!.id, sessionId: session.id });
      await expect(sut.resolvePrincipal({ ...claims, sub: String(member!.id + 1) })).resolves.toBeNull();
      await expect(sut.resolvePrincipal({ ...claims, exp: undefined })).resolves.toBeNull();
      member!.disabled = true;
      await expect(sut.resolvePrincipal(claims)).resolves.toBeNull();
      member!.disabled = false;
      session.revokedAt = TEST_NOW;
      await expect(sut.resolvePrincipal(claims)).resolves.toBeNull();
    });
  });
});
