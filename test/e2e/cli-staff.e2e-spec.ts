import { AuditEventEntity } from '@resetdesk/audit';
import { StaffRepository } from '@resetdesk/staff';
import { runEntrypoint } from '../support/run-entrypoint';
import { signIn } from '../support/staff';
import { resetState, startTestStack, TestStack } from '../support/test-stack';

describe('npm run cli -- staff:create', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    await resetState(stack);
  });

  afterAll(() => stack.close());

  const create = (args: string[], env: Record<string, string> = {}) =>
    runEntrypoint('cli', ['staff:create', ...args], { LOG_LEVEL: 'silent', RESETDESK_PASSWORD: '', ...env });

  it('creates the first admin of a fresh install, who can sign in', async () => {
    const result = await create(['--email', 'First.Admin@example.com', '--name', 'First Admin', '--role', 'admin'], {
      RESETDESK_PASSWORD: 'Copper-meadow-63-lantern',
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^Created admin first\.admin@example\.com \(id \d+\)$/);
    await signIn(stack, { email: 'first.admin@example.com', password: 'Copper-meadow-63-lantern' });
    const member = await stack.api.get(StaffRepository).findByEmail('first.admin@example.com');
    const [event] = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ action: 'staff.created', targetId: String(member!.id) });
    expect(event).toMatchObject({ actorType: 'system', details: expect.objectContaining({ via: 'CLI' }) });
  });

  it.each([
    [
      ['--email', 'a@example.com', '--name', 'A', '--role', 'admin'],
      { RESETDESK_PASSWORD: 'short' },
      'staff:create failed: password must be at least 12 characters',
    ],
    [
      ['--email', 'a@example.com', '--name', 'A', '--role', 'root'],
      { RESETDESK_PASSWORD: 'long-enough-pass' },
      'staff:create failed: role must be one of verifier, agent, supervisor, admin',
    ],
    [
      ['--email', 'a@example.com', '--role', 'admin'],
      { RESETDESK_PASSWORD: 'long-enough-pass' },
      'staff:create failed: --name is required',
    ],
    [
      ['--email', 'a@example.com', '--name', 'A', '--role', 'admin', '--force', 'yes'],
      {},
      'staff:create failed: Unknown option "--force" (allowed: --email, --name, --role)',
    ],
    [
      ['--email', 'a@example.com', '--name', 'A', '--role', 'admin'],
      {},
      'staff:create failed: Set RESETDESK_PASSWORD or run in a terminal to be asked for the password',
    ],
    [
      ['--email', 'first.admin@example.com', '--name', 'A', '--role', 'admin'],
      { RESETDESK_PASSWORD: 'Quiet-harbor-27-lantern' },
      'staff:create failed: A staff member with email first.admin@example.com already exists',
    ],
    [
      ['--email', 'b@example.com', '--name', 'B', '--role', 'supervisor'],
      { RESETDESK_PASSWORD: 'password1234' },
      'staff:create failed: password does not meet the staff password rules: not a commonly used password; hard to guess (strength 3 of 4 or better)',
    ],
  ])('fails with one line for %j', async (args, env, message) => {
    const result = await create(args, env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(message);
  });
});
