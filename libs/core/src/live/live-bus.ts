import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { redisConfig, RedisConfigType } from '../config/config';
import { failFastRedis } from '../queue/fail-fast-redis';
import { connectRedis, RedisClient } from '../queue/redis-client';
import { redisOptions } from '../queue/redis-options';

/** A publish that Redis does not take within this is dropped: the change itself is committed, and pages catch up on their own. */
const PUBLISH_TIMEOUT_MS = 1000;

export type LiveListener<T> = (message: T) => void;

/**
 * Tells every API instance about changes as they commit, through Redis
 * pub/sub, so that a page open on any instance can update itself. A hint,
 * never a record: Redis keeps no message for a subscriber that is away, so
 * whatever listens must be able to catch up from the database (a live page
 * reloads what it shows when its stream starts).
 *
 * One subscriber connection per process, opened with the first listener;
 * messages are fanned out to the listeners of their topic in memory.
 */
@Injectable()
export class LiveBus implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveBus.name);
  private readonly publisher: RedisClient;
  private subscriber: RedisClient | null = null;
  private readonly listeners = new Map<string, Set<LiveListener<unknown>>>();
  private readonly lostListeners = new Set<() => void>();
  private readonly prefix: string;

  constructor(@Inject(redisConfig.KEY) private readonly redis: RedisConfigType) {
    this.publisher = failFastRedis(redis, PUBLISH_TIMEOUT_MS);
    this.prefix = `${redis.queuePrefix}:live:`;
  }

  /** Never rejects: a lost hint is logged, and listeners catch up by themselves. */
  async publish<T>(topic: string, message: T): Promise<void> {
    try {
      await this.publisher.publish(this.prefix + topic, JSON.stringify(message));
    } catch (error) {
      this.logger.warn(`Could not publish a live update on ${topic}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Calls `listener` with every message on `topic` from any instance until the returned function is called.
   * `onReady` runs once Redis has confirmed the subscription (at once when it already had): only then can a page be
   * told it is live. `onLost` runs when the subscriber connection drops, since messages published meanwhile are gone.
   */
  subscribe<T>(topic: string, listener: LiveListener<T>, hooks: { onReady?: () => void; onLost?: () => void } = {}): () => void {
    const channel = this.prefix + topic;
    let listeners = this.listeners.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(channel, listeners);
    }
    listeners.add(listener as LiveListener<unknown>);
    if (hooks.onLost) this.lostListeners.add(hooks.onLost);
    // ioredis queues the command until connected and subscribes again after every reconnect.
    this.connection()
      .subscribe(channel)
      .then(
        () => hooks.onReady?.(),
        (error: unknown) => this.logger.warn(`Could not subscribe to ${topic}: ${String(error)}`),
      );
    return () => {
      listeners.delete(listener as LiveListener<unknown>);
      if (hooks.onLost) this.lostListeners.delete(hooks.onLost);
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.publisher.disconnect();
    this.subscriber?.disconnect();
    this.listeners.clear();
    this.lostListeners.clear();
  }

  private connection(): RedisClient {
    if (this.subscriber) return this.subscriber;
    // Named, so an operator (or a test) can tell this instance's subscriber in CLIENT LIST.
    const subscriber = connectRedis(redisOptions(this.redis, { maxRetriesPerRequest: null, connectionName: `${this.prefix}subscriber` }));
    subscriber.on('error', () => undefined);
    // Whoever follows a topic has missed what was published while the connection was down: tell them.
    subscriber.on('close', () => {
      for (const lost of [...this.lostListeners]) lost();
    });
    subscriber.on('message', (channel: string, raw: string) => {
      const listeners = this.listeners.get(channel);
      if (!listeners?.size) return;
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        return;
      }
      for (const listener of listeners) {
        try {
          listener(message);
        } catch (error) {
          this.logger.warn(`A live listener failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    });
    this.subscriber = subscriber;
    return subscriber;
  }
}
