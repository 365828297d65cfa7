import { AuditAction } from '@resetdesk/audit';
import { AuthErrorCode, AuthService, TokenService, TotpService } from '@resetdesk/auth';
import { DataCipher } from '@resetdesk/core';
import { MfaChallengeEntity, StaffEntity, StaffSessionEntity } from '@resetdesk/staff';
import { generate } from 'otplib';
import { MfaChallengeFactory, SessionFactory, StaffFactory, TEST_NOW } from 'test/factories';
import { newTestService, TestService } from 'test/unit/new-test-service';

const context = { ip: '192.0.2.10', userAgent: 'unit-test' };

describe(AuthService.name, () => {
  let sut: AuthService;
  let ctx: TestService<AuthService>;

  beforeEach(async () => {
    ctx = await newTestService(AuthService, { real: [TokenService, TotpService, DataCipher] });
    sut = ctx.sut;
  });

  const sessionsOf = (staffId: number) => ctx.db.rows(StaffSessionEntity).filter((session) => session.staffId === staffId);

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

  describe('completeTotp', () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const epoch = Math.floor(TEST_NOW.getTime() / 1000);

    async function passwordStepPassed(member: StaffEntity): Promise<string> {
      const [challenge] = ctx.db.seed(MfaChallengeEntity, MfaChallengeFactory.create({ staffId: member.id }));
      return ctx.get(TokenService).signMfa(member.id, challenge!.id);
    }

    it('opens a session with the current code and marks its time step used', async () => {
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.from().withTotp(secret).build());
      const code = await generate({ secret, epoch });

      const issued = await sut.completeTotp({ mfaToken: await passwordStepPassed(member!), code }, context);

      expect(issued.accessToken).toEqual(expect.any(String));
      expect(sessionsOf(member!.id)).toHaveLength(1);
      expect(ctx.db.rows(StaffEntity)[0]!.totpLastStep).toBe(Math.floor(epoch / 30));
    });

    it('refuses the same code a second time, even with a fresh password step (no replay)', async () => {
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.from().withTotp(secret).build());
      const code = await generate({ secret, epoch });
      await sut.completeTotp({ mfaToken: await passwordStepPassed(member!), code }, context);

      await expect(sut.completeTotp({ mfaToken: await passwordStepPassed(member!), code }, context)).rejects.toMatchObject({
        code: AuthErrorCode.InvalidTotp,
      });

      expect(sessionsOf(member!.id)).toHaveLength(1);
      expect(ctx.audit.actions()).toContain(AuditAction.TotpFailed);
    });

    it('refuses a code from a time step older than the last one used', async () => {
      const step = Math.floor(epoch / 30);
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.from().withTotp(secret, step).build());
      const previous = await generate({ secret, epoch: epoch - 30 });

      await expect(sut.completeTotp({ mfaToken: await passwordStepPassed(member!), code: previous }, context)).rejects.toMatchObject({
        code: AuthErrorCode.InvalidTotp,
      });
      expect(sessionsOf(member!.id)).toHaveLength(0);
    });

    it('does not let the code that confirmed enrollment sign in as well', async () => {
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.create({ totpPendingSecret: ctx.get(DataCipher).encrypt(secret) }));
      const code = await generate({ secret, epoch });
      await sut.confirmEnrollment(StaffFactory.principal(member!), { code }, context);

      await expect(sut.completeTotp({ mfaToken: await passwordStepPassed(member!), code }, context)).rejects.toMatchObject({
        code: AuthErrorCode.InvalidTotp,
      });
    });

    it('accepts each recovery code handed out at enrollment once', async () => {
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.create({ totpPendingSecret: ctx.get(DataCipher).encrypt(secret) }));
      const { recoveryCodes } = await sut.confirmEnrollment(
        StaffFactory.principal(member!),
        { code: await generate({ secret, epoch }) },
        context,
      );
      const [first] = recoveryCodes;

      await expect(sut.completeTotp({ mfaToken: await passwordStepPassed(member!), code: first! }, context)).resolves.toBeDefined();
      await expect(sut.completeTotp({ mfaToken: await passwordStepPassed(member!), code: first! }, context)).rejects.toMatchObject({
        code: AuthErrorCode.InvalidTotp,
      });
      expect(recoveryCodes).toHaveLength(10);
      await expect(sut.profile(StaffFactory.principal(member!))).resolves.toMatchObject({ totpEnabled: true, recoveryCodesLeft: 9 });
    });

    it('accepts an mfaToken once', async () => {
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.from().withTotp(secret).build());
      const mfaToken = await passwordStepPassed(member!);
      await sut.completeTotp({ mfaToken, code: await generate({ secret, epoch }) }, context);
      ctx.clock.advance({ seconds: 30 });

      await expect(sut.completeTotp({ mfaToken, code: await generate({ secret, epoch: epoch + 30 }) }, context)).rejects.toMatchObject({
        code: AuthErrorCode.InvalidMfaToken,
      });
    });
  });
});
