import { runEntrypoint } from '../support/run-entrypoint';

describe('starting the processes', () => {
  it.each([
    ['api', { DATABASE_URL: 'postgres://db/resetdesk' }, /^Invalid configuration: DATABASE_URL must use mysql: or mariadb:/],
    ['api', { PORT: '99999' }, /^Invalid configuration: PORT must be a whole number between 1 and 65535 \(got "99999"\)$/],
    ['worker', { DATABASE_URL: 'mysql://root@127.0.0.1:3306/' }, /^Invalid configuration: DATABASE_URL must name a database/],
    // Each process checks the groups of the domains it runs, all in one line: the API signs staff tokens, the worker never does.
    [
      'api',
      { NODE_ENV: 'production' },
      /^Invalid configuration: (?=.*SMTP_URL is required)(?=.*DATA_KEY is required)(?=.*JWT_SECRET is required)(?=.*CHAT_WEBHOOK_SECRET is required)/,
    ],
    [
      'worker',
      { NODE_ENV: 'production' },
      /^Invalid configuration: (?!.*JWT_SECRET)(?=.*SMTP_URL is required)(?=.*DATA_KEY is required)(?=.*CHAT_WEBHOOK_SECRET is required)/,
    ],
    ['cli', { REDIS_URL: 'redis://cache:6379/x' }, /^Invalid configuration: REDIS_URL database index must be a number/],
  ] as const)('%s stops with one line naming a bad variable (%j)', async (entry, env, message) => {
    const result = await runEntrypoint(entry, entry === 'cli' ? ['migrate:status'] : [], { ...env, LOG_LEVEL: 'silent' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    // The API and the worker log JSON lines (whatever LOG_LEVEL says); the CLI talks to a person.
    if (entry === 'cli') expect(lines[0]).toMatch(message);
    else expect(JSON.parse(lines[0]!)).toMatchObject({ level: 60, process: entry, msg: expect.stringMatching(message) });
  });

  it('the api says in one line when the database is unreachable', async () => {
    const result = await runEntrypoint('api', [], {
      DATABASE_URL: 'mysql://root@127.0.0.1:1/resetdesk',
      PORT: '3999',
      LOG_LEVEL: 'silent',
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stderr)).toMatchObject({
      level: 60,
      process: 'api',
      msg: expect.stringMatching(/ResetDesk API failed to start: .*ECONNREFUSED.*is the database \(DATABASE_URL\)/),
    });
  });

  it('the cli refuses an unknown command', async () => {
    const result = await runEntrypoint('cli', ['frobnicate'], {});
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Unknown command "frobnicate". Run "npm run cli -- help" for the list.');
  });
});
