import { PrivateRedis } from '../support/private-redis';
import { signedIn } from '../support/staff';
import { as, startTestStack, TestStack } from '../support/test-stack';
import { sleep } from '../support/wait-for';

describe('GET /api/health', () => {
  it('answers 200 with database and Redis up', async () => {
    const stack = await startTestStack({ worker: false });
    try {
      const response = await stack.http.get('/api/health').expect(200);
      expect(response.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' } } });
    } finally {
      await stack.close();
    }
  });

  it('warns, without degrading, while Redis keeps nothing on disk, and stops once appendonly is on', async () => {
    const redis = await PrivateRedis.start();
    const stack = await startTestStack({ worker: false, env: { REDIS_URL: redis.url } });
    try {
      const off = await stack.http.get('/api/health').expect(200);
      expect(off.body.status).toBe('ok');
      expect(off.body.details.redis).toMatchObject({
        status: 'up',
        memory: { policy: 'noeviction', persistence: { aof: false, rdbSnapshots: false } },
        warning: expect.stringMatching(/^Redis persistence is off \(no appendonly, no save\): a restart empties the queues/),
      });
      await redis.command((client) => client.config('SET', 'appendonly', 'yes'));
      const on = await stack.http.get('/api/health').expect(200);
      expect(on.body.details.redis).toMatchObject({ status: 'up', memory: { persistence: { aof: true, rdbSnapshots: false } } });
      expect(on.body.details.redis.warning).toBeUndefined();
    } finally {
      await stack.close();
      await redis.stop();
    }
  });

  describe('when Redis is unreachable', () => {
    let stack: TestStack;

    beforeAll(async () => {
      // Nothing listens on port 1 of localhost.
      stack = await startTestStack({ worker: false, env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    });

    const staffApi = async () => as(stack, (await signedIn(stack, 'supervisor')).token);

    afterAll(async () => {
      await stack.close();
      // BullMQ leaves one reconnect timer (about 2 s) behind when closed before it ever reached Redis.
      await sleep(2500);
    });

    it('answers 503 naming Redis', async () => {
      const response = await stack.http.get('/api/health').expect(503);
      expect(response.body).toMatchObject({
        statusCode: 503,
        error: 'Service Unavailable',
        message: expect.stringMatching(/^Unhealthy: redis \(Redis is unreachable: (no connection to 127\.0\.0\.1:1|connect ECONNREFUSED)/),
        details: { redis: { status: 'down' } },
      });
      expect(response.body.message).not.toMatch(/database/);
    });

    it("still answers the liveness check: an orchestrator must not restart an instance for a dependency's outage", async () => {
      const response = await stack.http.get('/api/health/live').expect(200);
      expect(response.body).toEqual({ status: 'ok' });
    });

    it('shows Redis down on the System status', async () => {
      const response = await (await staffApi()).get('/api/system/status').expect(200);
      expect(response.body).toMatchObject({ database: { status: 'up' }, redis: { status: 'down' }, queues: [] });
    });
  });
});
