import { AuditAction } from '@resetdesk/audit';
import { DataCipher, TotpService } from '@resetdesk/core';
import { RecoveryCodeEntity, StaffEntity } from '@resetdesk/staff';
import { generate } from 'otplib';
import { StaffFactory, TEST_NOW } from 'test/factories';
import { FakeDataSource } from 'test/unit/fakes/typeorm.fake';
import { newTestService, TestService } from 'test/unit/new-test-service';
import { DataSource, EntityManager } from 'typeorm';
import { AuthErrorCode } from './auth.exception';
import { TwoFactorService } from './two-factor.service';

const context = { ip: '192.0.2.10', userAgent: 'unit-test' };
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const epoch = Math.floor(TEST_NOW.getTime() / 1000);

describe(TwoFactorService.name, () => {
  let sut: TwoFactorService;
  let ctx: TestService<TwoFactorService>;

  beforeEach(async () => {
    ctx = await newTestService(TwoFactorService, { real: [TotpService, DataCipher] });
    sut = ctx.sut;
  });

  const stored = (member: StaffEntity) => ctx.db.rows(StaffEntity).find((row) => row.id === member.id)!;
  const enrolling = () => ctx.db.seed(StaffEntity, StaffFactory.create({ totpPendingSecret: ctx.get(DataCipher).encrypt(secret) }))[0]!;
  const confirm = (member: StaffEntity, code: string) => sut.confirmEnrollment(StaffFactory.principal(member), { code }, context);
  /** Spends a checked code the way the sign-in does, in the session's transaction; false when it was not spendable. */
  const signInWith = async (member: StaffEntity, code: string): Promise<boolean> => {
    const { spend } = await sut.check(stored(member), code);
    if (!spend) return false;
    return (ctx.get(DataSource) as unknown as FakeDataSource).transaction((manager) => spend(manager as unknown as EntityManager));
  };

  describe('confirmEnrollment', () => {
    it('turns two-factor sign-in on with the first code and hands out ten recovery codes', async () => {
      const member = enrolling();

      const { recoveryCodes } = await confirm(member, await generate({ secret, epoch }));

      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      expect(stored(member)).toMatchObject({ totpPendingSecret: null, totpLastStep: Math.floor(epoch / 30) });
      expect(stored(member).totpSecret).toEqual(expect.stringMatching(/^v1\./));
      expect(ctx.db.rows(RecoveryCodeEntity).map((row) => row.codeHash)).not.toContain(recoveryCodes[0]);
      expect(ctx.audit.actions()).toEqual([AuditAction.TotpConfirmed]);
      await expect(sut.status(stored(member))).resolves.toMatchObject({ totpEnabled: true, recoveryCodesLeft: 10 });
    });

    it('refuses a wrong code and leaves two-factor sign-in off', async () => {
      const member = enrolling();

      await expect(confirm(member, '000000')).rejects.toMatchObject({ code: AuthErrorCode.InvalidTotp });

      expect(stored(member).totpSecret).toBeNull();
      expect(ctx.db.rows(RecoveryCodeEntity)).toEqual([]);
      expect(ctx.audit.events).toEqual([expect.objectContaining({ action: AuditAction.TotpFailed, details: { during: 'enrollment' } })]);
    });

    it('asks to start enrollment first', async () => {
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.create());

      await expect(confirm(member!, await generate({ secret, epoch }))).rejects.toMatchObject({ code: AuthErrorCode.NoEnrollment });
    });
  });

  describe('check', () => {
    it('does not accept the code that confirmed enrollment at sign-in', async () => {
      const member = enrolling();
      const code = await generate({ secret, epoch });
      await confirm(member, code);

      await expect(sut.check(stored(member), code)).resolves.toEqual({ kind: 'totp', spend: null });
      ctx.clock.advance({ seconds: 30 });
      await expect(signInWith(member, await generate({ secret, epoch: epoch + 30 }))).resolves.toBe(true);
    });

    it('accepts each recovery code once', async () => {
      const member = enrolling();
      const { recoveryCodes } = await confirm(member, await generate({ secret, epoch }));
      const [first, second] = recoveryCodes;

      await expect(signInWith(member, first!)).resolves.toBe(true);
      await expect(sut.check(stored(member), first!)).resolves.toEqual({ kind: 'recovery-code', spend: null });
      await expect(signInWith(member, second!)).resolves.toBe(true);
      await expect(sut.status(stored(member))).resolves.toMatchObject({ recoveryCodesLeft: 8 });
    });

    it('lets only one of two sign-ins with the same code spend it', async () => {
      const [member] = ctx.db.seed(StaffEntity, StaffFactory.from().withTotp(secret).build());
      const code = await generate({ secret, epoch });
      const first = await sut.check(stored(member!), code);
      const second = await sut.check(stored(member!), code);
      const spend = (check: typeof first) =>
        (ctx.get(DataSource) as unknown as FakeDataSource).transaction((manager) => check.spend!(manager as unknown as EntityManager));

      await expect(spend(first)).resolves.toBe(true);
      await expect(spend(second)).resolves.toBe(false);
    });
  });
});
