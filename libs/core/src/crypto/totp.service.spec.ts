import { generate } from 'otplib';
import { TotpService } from './totp.service';

describe(TotpService.name, () => {
  const sut = new TotpService();
  // RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
  const RFC_SEED_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('accepts the RFC 6238 test vector at T = %i (%s)', async (epochSeconds, code) => {
    await expect(sut.verify(RFC_SEED_BASE32, code, { epochSeconds, digits: 8 })).resolves.toBe(Math.floor(epochSeconds / 30));
  });

  describe('6-digit codes', () => {
    const secret = sut.generateSecret();
    const now = 1_800_000_015;
    const codeAt = (epoch: number) => generate({ secret, epoch, digits: 6 });

    it('accepts the current step and one step either side', async () => {
      for (const offset of [-30, 0, 30]) {
        await expect(sut.verify(secret, await codeAt(now + offset), { epochSeconds: now })).resolves.toBe(Math.floor((now + offset) / 30));
      }
    });

    it('refuses codes two steps away', async () => {
      for (const offset of [-60, 60]) {
        await expect(sut.verify(secret, await codeAt(now + offset), { epochSeconds: now })).resolves.toBeNull();
      }
    });

    it('refuses a code from a step at or before the last one used', async () => {
      const code = await codeAt(now);
      const step = Math.floor(now / 30);
      await expect(sut.verify(secret, code, { epochSeconds: now, afterTimeStep: step })).resolves.toBeNull();
      await expect(sut.verify(secret, code, { epochSeconds: now, afterTimeStep: step - 1 })).resolves.toBe(step);
    });

    it('refuses malformed codes without calling the library', async () => {
      for (const code of ['', '12345', '1234567', 'abcdef', '12 345']) {
        await expect(sut.verify(secret, code, { epochSeconds: now })).resolves.toBeNull();
      }
    });
  });

  it('builds an otpauth URI and a PNG QR code for authenticator apps', async () => {
    const secret = sut.generateSecret();
    const uri = sut.otpauthUri(secret, 'dana@example.com');
    expect(uri).toMatch(/^otpauth:\/\/totp\/ResetDesk:dana(%40|@)example\.com\?/);
    expect(uri).toContain(`secret=${secret}`);
    const dataUrl = await sut.qrCodeDataUrl(uri);
    expect(dataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(dataUrl.split(',')[1]!, 'base64').toString();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('<path');
  });
});
