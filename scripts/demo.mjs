// npm run demo: build what changed, migrate, start API + worker + the demo mail catcher, print where to look.
// npm run demo:ldap (demo.mjs --ldap): the same, with the passwords in a private OpenLDAP the demo starts and syncs from.
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { ensureBuilt, ROOT } from './lib/build-state.mjs';
import { checkServices } from './lib/preflight.mjs';
import { startProcessTree, waitForHealth } from './lib/process-tree.mjs';

const port = process.env.PORT ?? '3000';
const smtpPort = process.env.MAIL_CATCHER_PORT ?? '1025';
const env = {
  NODE_ENV: 'development',
  PORT: port,
  APP_URL: process.env.APP_URL ?? `http://localhost:${port}`,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  MAIL_CATCHER: 'true',
  MAIL_CATCHER_PORT: smtpPort,
  SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  // Codes by chat go to the API's demo chat inbox and show up on the Mailbox page.
  CHAT_OUTBOUND_URL: process.env.CHAT_OUTBOUND_URL ?? `http://127.0.0.1:${port}/api/dev/chat-inbox`,
  // A newcomer signs in with the printed passwords and enrolls 2FA from the profile page.
  MFA_REQUIRED_ROLES: '',
};

/** Starts scripts/demo-directory.ts and resolves with what it printed on its READY line; it stops when this process ends. */
function startDemoDirectory() {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'scripts', 'demo-directory.ts')], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('READY ')) resolve(JSON.parse(line.slice('READY '.length)));
      else process.stdout.write(`${line}\n`);
    });
    child.once('exit', (code) => reject(new Error(`the demo directory stopped (exit code ${code})`)));
  });
}

const withDirectory = process.argv.includes('--ldap');

const problems = await checkServices(process.env);
if (problems.length > 0) {
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  process.exit(1);
}

try {
  ensureBuilt(['server', 'admin']);
} catch {
  process.stderr.write('The build failed (see above); fix it and run npm run demo again.\n');
  process.exit(1);
}

let directory;
if (withDirectory) {
  try {
    directory = await startDemoDirectory();
  } catch (error) {
    process.stderr.write(`${error.message}; is slapd installed (apt-get install slapd ldap-utils)?\n`);
    process.exit(1);
  }
  Object.assign(env, directory.env);
}

const cli = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');
try {
  // With a directory the accounts come from it: the sync creates them, then the seed adds staff and history around them.
  for (const command of withDirectory ? [['migrate'], ['directory:sync', '--full'], ['demo:seed']] : [['migrate'], ['demo:seed']]) {
    execFileSync(process.execPath, [cli, ...command], { env: { ...process.env, ...env }, stdio: 'inherit' });
  }
} catch {
  process.exit(1);
}

startProcessTree(
  [
    { name: 'api', script: join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js') },
    { name: 'worker', script: join(ROOT, 'dist', 'apps', 'worker', 'src', 'main.js') },
  ],
  { env, onAllStopped: (code) => process.exit(code) },
);

const base = `http://localhost:${port}`;
if (await waitForHealth(`${base}/api/health`)) {
  process.stdout.write(
    [
      '',
      'ResetDesk demo is running:',
      `  Portal        ${base}/   (account holders: forgot password, change password, contact support, help)`,
      `  Admin UI      ${base}/admin`,
      `  Mailbox       ${base}/admin/mailbox   (every email the demo sends lands here; SMTP on 127.0.0.1:${smtpPort})`,
      `  API docs      ${base}/api/docs`,
      `  Health        ${base}/api/health`,
      '',
      'Sign in with (demo only):',
      '  admin        admin@resetdesk.local       Orchid-lantern-41-demo',
      '  supervisor   supervisor@resetdesk.local  Quiet-harbor-27-demo',
      '  agent        agent@resetdesk.local       Copper-meadow-63-demo',
      '  verifier     verifier@resetdesk.local    Amber-willow-58-demo    (verifies callers; an agent resets)',
      'About 50 demo accounts (password Demo-account-2026) are in Accounts, some expiring in 7, 3 or 0 days, some expired.',
      'Supervisors land on the dashboard: four weeks of tickets, codes, resets and reminders as charts (seeded into a fresh database).',
      'Reset one by chat: npm run cli -- chat:send --chat-id <its chat id> --text "#resetpassword#New-Passw0rd-2026"',
      'ana.reyes0, ben.smith1 and chen.tanaka2 have an authenticator app: on their ticket pick App, and read its code with',
      '  npm run cli -- demo:authenticator-code --username ben.smith1',
      '2FA is optional in the demo: enroll from Profile. In production, supervisors and admins must use it (MFA_REQUIRED_ROLES).',
      ...(directory
        ? [
            '',
            `Passwords live in OpenLDAP (${directory.url}, ppolicy: 12 characters, the last 5 remembered, 120 days). Every reset lands there; watch one:`,
            `  ldapwhoami -x -H ${directory.plainUrl} -D uid=ana.reyes0,${directory.people} -w '<the new password>'`,
          ]
        : []),
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
} else {
  process.stderr.write(`The API did not become healthy at ${base}/api/health within a minute; see the log lines above.\n`);
}
