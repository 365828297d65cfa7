import { isLoopbackAddress, maskAddress } from './client-address';

describe(maskAddress.name, () => {
  it.each([
    ['203.0.113.57', '203.0.113.x'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::/48'],
    ['2001:db8::1', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    [null, null],
  ])('hides the host part of %s', (ip, masked) => {
    expect(maskAddress(ip)).toBe(masked);
  });
});

describe(isLoopbackAddress.name, () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    [null, false],
  ])('%s → %s', (ip, loopback) => {
    expect(isLoopbackAddress(ip)).toBe(loopback);
  });
});
