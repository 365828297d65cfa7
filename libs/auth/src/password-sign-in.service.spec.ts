import { AuditAction } from '@resetdesk/audit';
import { DataCipher, TotpService } from '@resetdesk/core';
import { MfaChallengeEntity, StaffEntity, StaffSessionEntity } from '@resetdesk/staff';
import { generate } from 'otplib';
import { MfaChallengeFactory, StaffFactory, TEST_NOW } from 'test/factories';
import { FakeSignInAttempts } from 'test/unit/fakes/sign-in-attempts.fake';
import { newTestService, TestService } from 'test/unit/new-test-service';
import { AuthErrorCode } from './auth.exception';
import { PasswordSignInService } from './password-sign-in.service';
import { SessionService } from './session.service';
import { TokenService } from './token.service';
import { TwoFactorService } from './two-factor.service';

const context = { ip: '192.0.2.10', userAgent: 'unit-test' };

describe(PasswordSignInService.name, () => {
  let sut: PasswordSignInService;
  let ctx: TestService<PasswordSignInService>;

  beforeEach(async () => {
    // The second step runs through the real two-factor check and session opening, over the fake repositories.
    ctx = await newTestService(PasswordSignInService, { real: [TokenService, TotpService, DataCipher, TwoFactorService, SessionService] });
    sut = ctx.sut;
  });

  const sessionsOf = (staffId: number) => ctx.db.rows(StaffSessionEntity).filter((session) => session.staffId === staffId);

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
      expect(sessionsOf(member!.id)).toEqual([expect.objectContaining({ method: 'password+totp' })]);
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
      await ctx.get(TwoFactorService).confirmEnrollment(StaffFactory.principal(member!), { code }, context);

      await expect(sut.completeTotp({ mfaToken: await passwordStepPassed(member!), code }, context)).rejects.toMatchObject({
        code: AuthErrorCode.InvalidTotp,
      });
    });

    it('accepts each recovery code handed out at enrollment once', async () => {
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.create({ totpPendingSecret: ctx.get(DataCipher).encrypt(secret) }));
      const { recoveryCodes } = await ctx
        .get(TwoFactorService)
        .confirmEnrollment(StaffFactory.principal(member!), { code: await generate({ secret, epoch }) }, context);
      const [first] = recoveryCodes;

      await expect(sut.completeTotp({ mfaToken: await passwordStepPassed(member!), code: first! }, context)).resolves.toBeDefined();
      expect(sessionsOf(member!.id)).toEqual([expect.objectContaining({ method: 'password+recovery-code' })]);
      await expect(sut.completeTotp({ mfaToken: await passwordStepPassed(member!), code: first! }, context)).rejects.toMatchObject({
        code: AuthErrorCode.InvalidTotp,
      });
      expect(recoveryCodes).toHaveLength(10);
      await expect(ctx.get(TwoFactorService).status(ctx.db.rows(StaffEntity)[0]!)).resolves.toMatchObject({
        totpEnabled: true,
        recoveryCodesLeft: 9,
      });
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

  it('counts a wrong code as a failed try and opens no session, and refuses a throttled try before checking the code', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const [member] = ctx.db.seed(StaffEntity, StaffFactory.from().withTotp(secret).build());
    const [challenge] = ctx.db.seed(MfaChallengeEntity, MfaChallengeFactory.create({ staffId: member!.id }));
    const mfaToken = await ctx.get(TokenService).signMfa(member!.id, challenge!.id);
    const attempts = ctx.get<FakeSignInAttempts>('SignInAttemptsService');

    await expect(sut.completeTotp({ mfaToken, code: '000000' }, context)).rejects.toMatchObject({ code: AuthErrorCode.InvalidTotp });
    attempts.throttled = true;
    const code = await generate({ secret, epoch: Math.floor(TEST_NOW.getTime() / 1000) });
    await expect(sut.completeTotp({ mfaToken, code }, context)).rejects.toMatchObject({ code: AuthErrorCode.InvalidTotp });

    expect(attempts.failures).toEqual([{ kind: 'second-factor', reason: 'wrong TOTP code' }]);
    expect(sessionsOf(member!.id)).toEqual([]);
    expect(ctx.db.rows(StaffEntity)[0]!.totpLastStep).toBeNull();
    expect(ctx.db.rows(MfaChallengeEntity)[0]!.usedAt).toBeNull();
  });
});
