// eslint-disable-next-line resetdesk/import-boundaries -- jest runs global setup and teardown outside its moduleNameMapper: the alias does not resolve here
import { parseConfig, redisOptions } from '../../libs/core/src';
import Redis from 'ioredis';
import { rm } from 'node:fs/promises';
import { unitProjectOnly } from './test-env';

/** Removes this run's Redis keys (every worker's prefix) and its compiled entry points; the test database is kept for inspection and recreated next run. */
export default async function globalTeardown(): Promise<void> {
  if (unitProjectOnly()) return;
  if (process.env.TEST_BUILD_DIR) await rm(process.env.TEST_BUILD_DIR, { recursive: true, force: true });
  const { redis } = parseConfig(process.env);
  const client = new Redis(redisOptions(redis));
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${process.env.TEST_RUN_PREFIX ?? redis.queuePrefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}
