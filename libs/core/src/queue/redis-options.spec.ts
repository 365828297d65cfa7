import { Cluster } from 'ioredis';
import { parseConfig } from '../config/config.schema';
import { connectRedis } from './redis-client';
import { producerRedisOptions, redisAddress, redisOptions, redisReconnectDelay } from './redis-options';

describe(redisOptions.name, () => {
  it('connects to REDIS_URL’s server, waiting out outages (BullMQ workers need maxRetriesPerRequest null)', () => {
    const options = redisOptions(parseConfig({ REDIS_URL: 'redis://:pw@cache:6380/1' }).redis);
    expect(options).toMatchObject({ host: 'cache', port: 6380, db: 1, password: 'pw', maxRetriesPerRequest: null });
    expect(options.sentinels).toBeUndefined();
  });

  it('asks the sentinels for the primary instead of naming a server', () => {
    const redis = parseConfig({
      REDIS_URL: 'redis://:pw@ignored:1/3',
      REDIS_SENTINELS: 'a:26379,b:26379',
      REDIS_SENTINEL_NAME: 'rd',
      REDIS_SENTINEL_PASSWORD: 'sentinel-pw',
    }).redis;
    const options = redisOptions(redis);
    expect(options).toMatchObject({ name: 'rd', sentinelPassword: 'sentinel-pw', password: 'pw', db: 3 });
    expect(options.sentinels).toEqual([
      { host: 'a', port: 26379 },
      { host: 'b', port: 26379 },
    ]);
    expect(options.host).toBeUndefined();
    expect(redisAddress(redis)).toBe('primary "rd" of sentinels a:26379,b:26379');
  });

  it('makes a cluster client of a cluster’s seed nodes, with the per-node settings on each node’s connection', () => {
    const redis = parseConfig({ REDIS_CLUSTER_NODES: 'r1:7000,r2:7001', QUEUE_PREFIX: '{rd}', REDIS_URL: 'redis://:pw@ignored:1' }).redis;
    const client = connectRedis(producerRedisOptions(redis));
    try {
      expect(client).toBeInstanceOf(Cluster);
      const { options } = client as Cluster;
      expect(options).toMatchObject({ enableOfflineQueue: false, clusterRetryStrategy: redisReconnectDelay });
      expect(options.redisOptions).toMatchObject({ password: 'pw', maxRetriesPerRequest: 1 });
      expect(options.redisOptions).not.toHaveProperty('db');
      expect(options.redisOptions).not.toHaveProperty('host');
      expect(redisAddress(redis)).toBe('cluster of r1:7000,r2:7001');
    } finally {
      client.disconnect();
    }
    // A worker's connections keep ioredis's offline queue: they wait out a failover.
    const worker = connectRedis(redisOptions(redis, { lazyConnect: true })) as Cluster;
    expect(worker.options).toMatchObject({ enableOfflineQueue: true, lazyConnect: true });
    expect(worker.options.redisOptions).toMatchObject({ maxRetriesPerRequest: null });
    worker.disconnect();
  });

  it('reconnects after a READONLY answer (a demoted primary), and not after other errors', () => {
    const { reconnectOnError } = redisOptions(parseConfig({}).redis);
    expect(reconnectOnError?.(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(reconnectOnError?.(new Error('ERR unknown command'))).toBe(false);
  });

  it('reconnects in growing steps of at most two seconds', () => {
    expect([1, 2, 4, 8, 100].map(redisReconnectDelay)).toEqual([250, 500, 1000, 2000, 2000]);
  });

  it('makes producers fail fast instead of queueing commands while Redis is away', () => {
    expect(producerRedisOptions(parseConfig({}).redis)).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  });
});
