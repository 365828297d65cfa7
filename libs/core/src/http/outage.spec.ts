import { QueryFailedError } from 'typeorm';
import { isConnectionFailure } from './outage';

function withCode(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`failed: ${code}`), { code, ...extra });
}

describe(isConnectionFailure.name, () => {
  it.each(['ECONNREFUSED', 'PROTOCOL_CONNECTION_LOST', 'ETIMEDOUT', 'ER_CON_COUNT_ERROR', 'POOL_CLOSED'])('recognises %s', (code) => {
    expect(isConnectionFailure(withCode(code))).toBe(true);
  });

  it('looks inside the driver error TypeORM wraps', () => {
    expect(isConnectionFailure(new QueryFailedError('SELECT 1', [], withCode('PROTOCOL_CONNECTION_LOST')))).toBe(true);
  });

  it('recognises a fatal mysql2 error and an unreachable Redis', () => {
    expect(isConnectionFailure(withCode('ER_SOMETHING', { fatal: true }))).toBe(true);
    expect(isConnectionFailure(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error('x'), { name: 'MaxRetriesPerRequestError' }))).toBe(true);
    expect(isConnectionFailure(new Error("OOM command not allowed when used memory > 'maxmemory'."))).toBe(true);
  });

  it.each([
    'CLUSTERDOWN The cluster is down',
    'TRYAGAIN Multiple keys request during rehashing of slot',
    'Too many Cluster redirections. Last error: Error: Connection is closed.',
    "Cluster isn't ready and enableOfflineQueue options is false",
    'Failed to refresh slots cache.',
  ])('recognises a Redis Cluster without a primary for the slot: %s', (message) => {
    expect(isConnectionFailure(new Error(message))).toBe(true);
  });

  it('leaves bugs and bad queries alone', () => {
    expect(isConnectionFailure(new TypeError('cannot read x of undefined'))).toBe(false);
    expect(isConnectionFailure(new QueryFailedError('SELECT', [], withCode('ER_PARSE_ERROR')))).toBe(false);
    expect(isConnectionFailure(withCode('ER_DUP_ENTRY'))).toBe(false);
    expect(isConnectionFailure(null)).toBe(false);
  });
});
