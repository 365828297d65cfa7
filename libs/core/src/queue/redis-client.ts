import { createIORedisClient, RedisConnection, type RedisOptions } from 'bullmq';
import Redis, { Cluster } from 'ioredis';
import type { RedisNode } from '../config/config.schema';

/** One server (found directly or through Sentinel), or a Redis Cluster behind a client that routes each key to its slot. */
export type RedisClient = Redis | Cluster;

/** Connection options carry a cluster's seed nodes under this key, so BullMQ's own connections become cluster clients too. */
export const CLUSTER_NODES_OPTION = 'resetdeskClusterNodes';

/** A client for `options` as redisOptions builds them: a Cluster client when they carry seed nodes. */
export function connectRedis(options: RedisOptions): RedisClient {
  const nodes = options[CLUSTER_NODES_OPTION] as RedisNode[] | undefined;
  if (!nodes) return new Redis(options);
  const {
    [CLUSTER_NODES_OPTION]: _nodes,
    lazyConnect,
    enableOfflineQueue,
    retryStrategy,
    host: _host,
    port: _port,
    db: _db,
    ...node
  } = options;
  return new Cluster(nodes, {
    // Every node connection: credentials, TLS, timeouts, maxRetriesPerRequest (null for BullMQ's blocking ones).
    redisOptions: node,
    // Only what was asked for: an option given as undefined would switch off ioredis's default (an offline queue).
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    clusterRetryStrategy: retryStrategy,
  });
}

/** The servers holding the data: each primary of a cluster (connecting it first: a lazy client knows none yet), or the one server. */
export async function dataNodes(client: RedisClient): Promise<Redis[]> {
  if (!(client instanceof Cluster)) return [client];
  if (client.status !== 'ready') await client.ping();
  return client.nodes('master');
}

// BullMQ builds its queues' and workers' connections from options itself; on a cluster they must be cluster clients.
RedisConnection.clientFactory = (options) => createIORedisClient(connectRedis(options));
