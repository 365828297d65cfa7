import { canonicalEvent, canonicalJson, chainHash, ChainedFields, GENESIS_HASH } from './canonical';

const event: ChainedFields = {
  id: 7,
  occurredAt: new Date('2026-11-26T08:00:00.123Z'),
  actorType: 'staff',
  actorId: '3',
  actorLabel: 'dana@example.com',
  action: 'auth.sign_in.succeeded',
  targetType: 'staff',
  targetId: '3',
  ticketId: null,
  accountId: null,
  ip: '10.0.0.1',
  userAgent: 'Firefox',
  details: { method: 'totp', nested: { b: 2, a: 1 } },
};

describe('audit chain canonical form', () => {
  it('sorts object keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":1,"z":0}]},"b":1}');
  });

  it('lists the fields in the documented order', () => {
    expect(canonicalEvent(event)).toBe(
      '["v1",7,"2026-11-26T08:00:00.123Z","staff","3","dana@example.com","auth.sign_in.succeeded","staff","3",null,null,"10.0.0.1","Firefox",{"method":"totp","nested":{"a":1,"b":2}}]',
    );
  });

  it('does not depend on the key order details were stored in', () => {
    expect(chainHash(GENESIS_HASH, { ...event, details: { nested: { a: 1, b: 2 }, method: 'totp' } })).toBe(chainHash(GENESIS_HASH, event));
  });

  it('changes with any field and with the previous hash', () => {
    const base = chainHash(GENESIS_HASH, event);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { ...event, action: 'auth.sign_out' })).not.toBe(base);
    expect(chainHash(GENESIS_HASH, { ...event, details: { method: 'password' } })).not.toBe(base);
    expect(chainHash('f'.repeat(64), event)).not.toBe(base);
  });
});
