import { DataCipher, TOTP_PERIOD_SECONDS, TotpService } from '@resetdesk/core';
import { generate } from 'otplib';
import { TEST_NOW } from 'test/factories/small.factory';
import { newTestService } from 'test/unit/new-test-service';
import { HolderAuthenticatorEntity } from './holder-authenticator.entity';
import { HolderAuthenticatorService } from './holder-authenticator.service';
import { HolderAuthenticatorsRepository } from './holder-authenticators.repository';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const step = (at: Date) => Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
const codeAt = (offsetSteps: number) =>
  generate({ secret: SECRET, epoch: Math.floor(TEST_NOW.getTime() / 1000) + offsetSteps * TOTP_PERIOD_SECONDS });

describe(HolderAuthenticatorService.name, () => {
  /** The service over one active authenticator whose last accepted step is `lastTimeStep` (or none at all). */
  async function withAuthenticator(lastTimeStep: number | null, enrolled = true) {
    let active: HolderAuthenticatorEntity | null = null;
    const ctx = await newTestService(HolderAuthenticatorService, {
      real: [TotpService, DataCipher],
      provide: [[HolderAuthenticatorsRepository, { findActive: async () => active }]],
    });
    if (enrolled) {
      active = Object.assign(new HolderAuthenticatorEntity(), {
        id: 7,
        accountId: 3,
        status: 'active',
        secretEncrypted: ctx.get(DataCipher).encrypt(SECRET),
        lastTimeStep,
      });
    }
    return ctx.sut;
  }

  it.each([
    ['the current step', 0, 'match'],
    ['one step ahead (a phone clock 30 s fast)', 1, 'match'],
    ['one step behind', -1, 'match'],
    ['two steps ahead', 2, 'wrong'],
  ])('takes a code from %s as %s', async (_name, offset, outcome) => {
    const sut = await withAuthenticator(null);
    expect((await sut.check(3, await codeAt(offset), TEST_NOW)).outcome).toBe(outcome);
  });

  it('answers the matched step, so the verifying transaction can claim it', async () => {
    const sut = await withAuthenticator(null);
    expect(await sut.check(3, await codeAt(1), TEST_NOW)).toEqual({ outcome: 'match', authenticatorId: 7, timeStep: step(TEST_NOW) + 1 });
  });

  it('calls a code of a step already accepted (or older) a replay, not a wrong code', async () => {
    const sut = await withAuthenticator(step(TEST_NOW));
    expect((await sut.check(3, await codeAt(0), TEST_NOW)).outcome).toBe('replayed');
    expect((await sut.check(3, await codeAt(-1), TEST_NOW)).outcome).toBe('replayed');
    expect((await sut.check(3, await codeAt(1), TEST_NOW)).outcome).toBe('match');
  });

  it('answers none without an enrolled app', async () => {
    const sut = await withAuthenticator(null, false);
    expect(await sut.check(3, await codeAt(0), TEST_NOW)).toEqual({ outcome: 'none' });
    expect(await sut.demoCode(3, TEST_NOW)).toBeNull();
  });

  it('gives the demo the current code, or the next once the current step was used', async () => {
    expect(await (await withAuthenticator(null)).demoCode(3, TEST_NOW)).toMatchObject({ code: await codeAt(0), next: false });
    expect(await (await withAuthenticator(step(TEST_NOW))).demoCode(3, TEST_NOW)).toMatchObject({ code: await codeAt(1), next: true });
  });
});
