import { ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { chmod, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Attribute, Change, Client, InvalidCredentialsError } from 'ldapts';
import { endProcess, stopProcess } from './stop-process';
import { waitFor } from './wait-for';
import { writeSelfSignedCertificate } from './self-signed-certificate';

const run = promisify(execFile);

const REALM = 'RESETDESK.TEST';
const WORKGROUP = 'RESETDESK';
const DOMAIN_DN = 'DC=resetdesk,DC=test';
const ADMIN_PASSWORD = 'Admin-Secret-For-Tests-1';
const SERVICE_PASSWORD = 'Service-Secret-For-Tests-1';
/** Bump when the template recipe changes, so machines that cached an older template build a new one. */
const TEMPLATE_RECIPE = 'r1';

/** Schema GUIDs for the delegation ACEs (MS-ADA1/MS-ADTS). */
const GUID = {
  userClass: 'bf967aba-0de6-11d0-a285-00aa003049e2',
  resetPasswordRight: '00299570-246d-11d0-a768-00aa006e0529',
  pwdLastSet: 'bf967a0a-0de6-11d0-a285-00aa003049e2',
  lockoutTime: '28630ebf-41d5-11d1-a9c1-0000f80367c1',
};

/** What a real domain enforces; Samba's provision defaults (min age 1 day, no lockout) would hide most refusals. */
const PASSWORD_SETTINGS = [
  '--complexity=on',
  '--min-pwd-length=8',
  '--history-length=24',
  // A real domain has 1 day; 0 lets one test change a password twice.
  '--min-pwd-age=0',
  '--max-pwd-age=42',
  '--account-lockout-threshold=5',
  '--account-lockout-duration=30',
  '--reset-account-lockout-after=30',
];

export interface SambaUser {
  sAMAccountName: string;
  displayName?: string;
  mail?: string;
  password: string;
  /** Names of groups (created under OU=Groups when missing) the user is made a member of. */
  groups?: string[];
  /** Extra attributes set after the account is enabled (e.g. userAccountControl 514 to disable, logonHours as 21 bytes). */
  attributes?: Record<string, string | string[] | Buffer>;
}

export interface SambaOptions {
  /** More [global] settings for this instance's smb.conf (e.g. `{ 'old password allowed period': '60' }`). */
  smbConf?: Record<string, string>;
}

/**
 * A Samba AD DC of the test's own. One provisioned template per machine and
 * Samba version (provisioning takes ~5 s), copied per instance; each
 * instance listens on its own loopback address 127.0.0.N (Samba has no LDAP
 * port setting) with a self-signed certificate for that address, only the
 * ldap service, a realistic password policy (complexity, length 8, history
 * 24, lockout after 5 for 30 minutes) and a delegated service account that
 * may reset passwords and write pwdLastSet/lockoutTime on OU=Staff and
 * nothing else. Samba runs in the foreground with stdin on a pipe: it exits
 * by itself when the test process dies, so a killed run leaves no server
 * behind; the address lease is reclaimed once its owner is gone.
 */
export class PrivateSamba {
  private process?: ChildProcess;
  readonly realm = REALM;
  readonly domainDn = DOMAIN_DN;
  /** Where people live (DIRECTORY_BASE_DN). */
  readonly baseDn = `OU=Staff,${DOMAIN_DN}`;
  readonly groupsDn = `OU=Groups,${DOMAIN_DN}`;
  readonly adminDn = `CN=Administrator,CN=Users,${DOMAIN_DN}`;
  readonly adminPassword = ADMIN_PASSWORD;
  /** The delegated service account ResetDesk binds as: Reset Password, pwdLastSet, lockoutTime on OU=Staff users. */
  readonly bindDn = `CN=resetdesk,OU=Service,${DOMAIN_DN}`;
  readonly bindPassword = SERVICE_PASSWORD;
  /** A service account with no delegation at all (for INSUFFICIENT_RIGHTS). */
  readonly unprivilegedDn = `CN=resetdesk-norights,OU=Service,${DOMAIN_DN}`;
  readonly unprivilegedPassword = SERVICE_PASSWORD;

  private constructor(
    readonly dir: string,
    readonly address: string,
    private readonly lease: string,
  ) {}

  static async start(options: SambaOptions = {}): Promise<PrivateSamba> {
    await removeStaleFolders();
    const template = await ensureTemplate();
    const { address, lease } = await leaseAddress();
    const dir = join(tmpdir(), `resetdesk-samba-${address}-${process.pid}`);
    const samba = new PrivateSamba(dir, address, lease);
    try {
      await rm(dir, { recursive: true, force: true });
      await run('cp', ['-a', template, dir]);
      await samba.configure(options.smbConf ?? {});
      await samba.resume();
      return samba;
    } catch (error) {
      await samba.stop();
      throw error;
    }
  }

  /** ldaps:// (what ResetDesk must be configured with for AD). */
  get url(): string {
    return `ldaps://${this.address}:636`;
  }

  /** ldap:// without TLS (Samba refuses simple binds on it: "BindSimple: Transport encryption required."). */
  get plainUrl(): string {
    return `ldap://${this.address}:389`;
  }

  get caFile(): string {
    return join(this.dir, 'private', 'tls', 'cert.pem');
  }

  /** The environment that points ResetDesk at this server. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      DIRECTORY_KIND: 'ad',
      DIRECTORY_URL: this.url,
      DIRECTORY_CA_FILE: this.caFile,
      DIRECTORY_BIND_DN: this.bindDn,
      DIRECTORY_BIND_PASSWORD: this.bindPassword,
      DIRECTORY_BASE_DN: this.baseDn,
      ...extra,
    };
  }

  userDn(cn: string): string {
    return `CN=${cn},${this.baseDn}`;
  }

  userPrincipalName(sAMAccountName: string): string {
    return `${sAMAccountName}@${REALM.toLowerCase()}`;
  }

  /** Runs `work` bound as the domain Administrator (test setup only; ResetDesk never gets this). */
  asAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    return this.as(this.adminDn, this.adminPassword, work);
  }

  async as<T>(dnOrUpn: string, password: string, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ url: this.url, tlsOptions: { ca: await readFile(this.caFile) }, timeout: 10_000, connectTimeout: 5_000 });
    try {
      await client.bind(dnOrUpn, password);
      return await work(client);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  /** Adds an enabled user with `password` under OU=Staff (CN = displayName or sAMAccountName) and returns its DN. */
  async addUser(user: SambaUser): Promise<string> {
    const dn = this.userDn(user.displayName ?? user.sAMAccountName);
    await this.asAdmin(async (client) => {
      await client.add(dn, {
        objectClass: ['top', 'person', 'organizationalPerson', 'user'],
        sAMAccountName: user.sAMAccountName,
        userPrincipalName: this.userPrincipalName(user.sAMAccountName),
        ...(user.displayName ? { displayName: user.displayName } : {}),
        ...(user.mail ? { mail: user.mail } : {}),
      });
      // A user is created disabled without a password; 512 = NORMAL_ACCOUNT, enabled.
      await client.modify(dn, [replace('unicodePwd', encodePassword(user.password)), replace('userAccountControl', '512')]);
      if (user.attributes)
        await client.modify(
          dn,
          Object.entries(user.attributes).map(([type, value]) => replace(type, value)),
        );
      for (const group of user.groups ?? []) {
        const groupDn = await this.ensureGroup(client, group);
        await client.modify(groupDn, new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [dn] }) }));
      }
    });
    return dn;
  }

  /** Creates a global security group under OU=Groups (if missing) and returns its DN. */
  async addGroup(name: string): Promise<string> {
    return this.asAdmin((client) => this.ensureGroup(client, name));
  }

  /** Replaces (or, for null, deletes) attributes of an entry as the Administrator. */
  async modify(dn: string, values: Record<string, string | string[] | null>): Promise<void> {
    const changes = Object.entries(values).map(([type, value]) =>
      value === null ? new Change({ operation: 'delete', modification: new Attribute({ type }) }) : replace(type, value),
    );
    await this.asAdmin((client) => client.modify(dn, changes));
  }

  /** Attributes of one entry, read as the Administrator (constructed ones such as msDS-User-Account-Control-Computed when named). */
  async read(dn: string, attributes: string[] = ['*']): Promise<Record<string, string | string[]>> {
    return this.asAdmin(async (client) => {
      const { searchEntries } = await client.search(dn, { scope: 'base', attributes });
      const entry = searchEntries[0] ?? {};
      return Object.fromEntries(
        Object.entries(entry).map(([key, value]) => [key, Array.isArray(value) ? value.map(String) : String(value)]),
      );
    });
  }

  /** Whether `password` binds as `dnOrUpn` (the test of "the reset landed where people sign in"). */
  async canBind(dnOrUpn: string, password: string): Promise<boolean> {
    return (await this.bindError(dnOrUpn, password)) === undefined;
  }

  /**
   * The server's diagnostic when the bind is refused, undefined when it
   * succeeds: "80090308: LdapErr: DSID-0C0903A9, comment:
   * AcceptSecurityContext error, data 773, v1db1" (52e wrong, 773 must
   * change, 775 locked, 533 disabled, 701 account expired).
   */
  async bindError(dnOrUpn: string, password: string): Promise<string | undefined> {
    try {
      await this.as(dnOrUpn, password, async () => undefined);
      return undefined;
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return error.message.replace(/ Code: 0x[0-9a-f]+$/, '');
      throw error;
    }
  }

  /** Kills the server (SIGKILL); `resume()` starts it again on the same address with the same data. */
  async crash(): Promise<void> {
    await endProcess(this.process, 'SIGKILL');
    this.process = undefined;
  }

  /** Stops the server without closing its sockets (SIGSTOP): connections are accepted by the kernel and never answered. */
  freeze(): void {
    stopProcess(this.process?.pid);
  }

  thaw(): void {
    this.process?.kill('SIGCONT');
  }

  async resume(): Promise<void> {
    const log = openSync(join(this.dir, 'samba.out'), 'a');
    try {
      // -i: foreground, and Samba ends itself on EOF of stdin ("EOF on stdin - PID … terminating"), so it dies with us.
      this.process = spawn('/usr/sbin/samba', ['-i', '-M', 'single', '--debug-stdout', '-s', this.smbConf], { stdio: ['pipe', log, log] });
    } finally {
      closeSync(log);
    }
    await writeFile(join(this.lease, 'samba.pid'), String(this.process.pid));
    const child = this.process;
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`samba exited with ${child.exitCode}: ${(await readFile(join(this.dir, 'samba.out'), 'utf8')).slice(-2000)}`);
        return this.asAdmin(async () => true).catch(() => false);
      },
      { what: `Samba LDAPS on ${this.address}:636`, timeoutMs: 20_000, intervalMs: 50 },
    );
  }

  async stop(): Promise<void> {
    await this.crash();
    await rm(this.dir, { recursive: true, force: true });
    await rm(this.lease, { recursive: true, force: true });
  }

  private get smbConf(): string {
    return join(this.dir, 'etc', 'smb.conf');
  }

  /** The instance's own smb.conf (every path in its folder, only ldap, only its address) and a certificate naming that address. */
  private async configure(extra: Record<string, string>): Promise<void> {
    const dir = this.dir;
    const tls = join(dir, 'private', 'tls');
    await mkdir(tls, { recursive: true });
    await mkdir(join(dir, 'run'), { recursive: true });
    await writeSelfSignedCertificate({
      keyFile: join(tls, 'key.pem'),
      certFile: join(tls, 'cert.pem'),
      commonName: this.address,
      altNames: [`IP:${this.address}`],
    });
    // Samba refuses to start with a key file others can read.
    await chmod(join(tls, 'key.pem'), 0o600);
    const extraLines = Object.entries(extra).map(([name, value]) => `\t${name} = ${value}\n`);
    await writeFile(this.smbConf, smbConf(dir, this.address) + extraLines.join(''));
  }

  private async ensureGroup(client: Client, name: string): Promise<string> {
    const dn = `CN=${name},${this.groupsDn}`;
    const { searchEntries } = await client.search(this.groupsDn, { scope: 'one', filter: `(cn=${name})`, attributes: ['cn'] });
    if (searchEntries.length === 0) await client.add(dn, { objectClass: ['top', 'group'], sAMAccountName: name });
    return dn;
  }
}

/** `"password"` in UTF-16LE: the only form AD accepts for unicodePwd. */
function encodePassword(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

function replace(type: string, value: string | string[] | Buffer): Change {
  const values = Buffer.isBuffer(value) ? [value] : Array.isArray(value) ? value : [value];
  return new Change({ operation: 'replace', modification: new Attribute({ type, values: values as string[] | Buffer[] }) });
}

function smbConf(dir: string, address: string): string {
  return `[global]
\tnetbios name = DC1
\trealm = ${REALM}
\tworkgroup = ${WORKGROUP}
\tserver role = active directory domain controller
\tserver services = ldap
\tinterfaces = ${address}/8
\tbind interfaces only = yes
\tprivate dir = ${dir}/private
\tlock directory = ${dir}
\tstate directory = ${dir}/state
\tcache directory = ${dir}/cache
\tbinddns dir = ${dir}/bind-dns
\tpid directory = ${dir}/run
\tncalrpc dir = ${dir}/run/ncalrpc
\twinbindd socket directory = ${dir}/run/winbindd
\tntp signd socket directory = ${dir}/run/ntp_signd
\tlog file = ${dir}/log.samba
\tlogging = file
\tlog level = 0
\t# By default Samba still accepts the previous password for 60 minutes after a reset or change, on LDAP simple binds too;
\t# 0 makes "the old password no longer binds" testable at once.
\told password allowed period = 0
\ttls enabled = yes
\ttls keyfile = ${dir}/private/tls/key.pem
\ttls certfile = ${dir}/private/tls/cert.pem
\ttls cafile = ${dir}/private/tls/cert.pem
`;
}

// ---------------------------------------------------------------------------------------------------------------
// The per-machine template: provisioned once per Samba version and recipe, shared by every instance of every run.

/** Even a live owner does not take this long to provision (~5 s alone, ~20 s on a busy machine). */
const STALE_LOCK_MS = 120_000;

async function ensureTemplate(): Promise<string> {
  const { stdout } = await run('/usr/sbin/samba', ['--version']);
  const version = stdout
    .trim()
    .replace(/^Version\s+/, '')
    .replace(/[^A-Za-z0-9.-]/g, '_');
  const template = join(tmpdir(), `resetdesk-samba-template-${version}-${TEMPLATE_RECIPE}`);
  const lock = `${template}.lock`;
  await waitFor(
    async () => {
      if (await exists(join(template, 'ready'))) return true;
      try {
        // mkdir is atomic: one worker provisions, the others wait for the rename below.
        await mkdir(lock);
      } catch {
        // A lock left by a killed run would block every later run: take it over once its owner is gone (or it is clearly stale).
        const owner = Number(await readFile(join(lock, 'owner.pid'), 'utf8').catch(() => '0'));
        const age =
          Date.now() -
          (await stat(lock).then(
            (s) => s.mtimeMs,
            () => Date.now(),
          ));
        if ((owner && !alive(owner)) || (!owner && age > 10_000) || age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
        return false;
      }
      await writeFile(join(lock, 'owner.pid'), String(process.pid));
      try {
        if (!(await exists(join(template, 'ready')))) await provisionTemplate(template);
      } finally {
        await rm(lock, { recursive: true, force: true });
      }
      return true;
    },
    { what: `the Samba template at ${template}`, timeoutMs: 90_000, intervalMs: 200 },
  );
  return template;
}

/** Provisions into a fresh folder and renames it into place, so a template is either whole or absent. */
async function provisionTemplate(template: string): Promise<void> {
  const build = `${template}.build-${process.pid}`;
  await rm(build, { recursive: true, force: true });
  try {
    await run('samba-tool', [
      'domain',
      'provision',
      '--server-role=dc',
      '--dns-backend=NONE',
      `--realm=${REALM}`,
      `--domain=${WORKGROUP}`,
      '--host-name=DC1',
      `--adminpass=${ADMIN_PASSWORD}`,
      `--targetdir=${build}`,
    ]);
    const local = ['-s', join(build, 'etc', 'smb.conf'), '-H', join(build, 'private', 'sam.ldb')];
    const tool = (...args: string[]) => run('samba-tool', [...args, ...local]);
    await tool('domain', 'passwordsettings', 'set', ...PASSWORD_SETTINGS);
    for (const ou of ['OU=Staff', 'OU=Service', 'OU=Groups']) await tool('ou', 'add', ou);
    for (const name of ['resetdesk', 'resetdesk-norights']) {
      await tool('user', 'create', name, SERVICE_PASSWORD, '--userou=OU=Service');
      // The template may be weeks old when an instance starts; a service password must not expire meanwhile.
      await tool('user', 'setexpiry', name, '--noexpiry');
    }
    await tool('user', 'setexpiry', 'Administrator', '--noexpiry');
    const { stdout } = await tool('user', 'show', 'resetdesk', '--attributes=objectSid');
    const sid = /objectSid:\s*(S-[0-9-]+)/.exec(stdout)?.[1];
    if (!sid) throw new Error(`no objectSid for the service account in: ${stdout}`);
    // Inherit-only ACEs for user objects below OU=Staff: the Reset Password right and write access to pwdLastSet and lockoutTime.
    const aces = [
      `(OA;CIIO;CR;${GUID.resetPasswordRight};${GUID.userClass};${sid})`,
      `(OA;CIIO;WP;${GUID.pwdLastSet};${GUID.userClass};${sid})`,
      `(OA;CIIO;WP;${GUID.lockoutTime};${GUID.userClass};${sid})`,
    ];
    await tool('dsacl', 'set', `--objectdn=OU=Staff,${DOMAIN_DN}`, `--sddl=${aces.join('')}`);
    await writeFile(join(build, 'ready'), `${new Date().toISOString()}\n`);
    await rm(template, { recursive: true, force: true });
    await rename(build, template);
  } catch (error) {
    await rm(build, { recursive: true, force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Loopback addresses: one lease folder per address, holding the owner's pid and its Samba's pid.

const LEASES = join(tmpdir(), 'resetdesk-samba-leases');
const FIRST_HOST = 20;
const HOSTS = 200;

async function leaseAddress(): Promise<{ address: string; lease: string }> {
  await mkdir(LEASES, { recursive: true });
  const offset = process.pid % HOSTS;
  for (let attempt = 0; attempt < HOSTS; attempt++) {
    const address = `127.0.0.${FIRST_HOST + ((offset + attempt) % HOSTS)}`;
    const lease = join(LEASES, address);
    if (!(await takeLease(lease))) continue;
    if (await portsFree(address)) return { address, lease };
    await rm(lease, { recursive: true, force: true });
  }
  throw new Error('no free loopback address 127.0.0.20-219 with ports 389/636 free for a private Samba');
}

/** Takes the lease if nobody holds it or its holder died (then also ends a Samba the holder left, if it still runs). */
async function takeLease(lease: string): Promise<boolean> {
  try {
    await mkdir(lease);
  } catch {
    const owner = Number(await readFile(join(lease, 'owner.pid'), 'utf8').catch(() => '0'));
    const age =
      Date.now() -
      (await stat(lease).then(
        (s) => s.mtimeMs,
        () => 0,
      ));
    // A lease without an owner file is one being taken right now, unless it is old.
    if (owner === 0 ? age < 10_000 : alive(owner)) return false;
    await endStaleSamba(lease);
    await rm(lease, { recursive: true, force: true });
    try {
      await mkdir(lease);
    } catch {
      return false;
    }
  }
  await writeFile(join(lease, 'owner.pid'), String(process.pid));
  return true;
}

async function endStaleSamba(lease: string): Promise<void> {
  const pid = Number(await readFile(join(lease, 'samba.pid'), 'utf8').catch(() => '0'));
  if (!pid || !alive(pid)) return;
  // Samba renames its process title; its comm stays "samba".
  const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
  if (comm.trim() === 'samba') process.kill(pid, 'SIGKILL');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function portsFree(address: string): Promise<boolean> {
  for (const port of [389, 636, 3268, 3269]) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, address, () => server.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Removes instance and half-built template folders of processes that are gone (a killed run cannot clean up after itself). */
async function removeStaleFolders(): Promise<void> {
  const entries = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const entry of entries) {
    const match = /^resetdesk-samba-127\.0\.0\.\d+-(\d+)$/.exec(entry) ?? /^resetdesk-samba-template-.+\.build-(\d+)$/.exec(entry);
    if (match && !alive(Number(match[1]))) await rm(join(tmpdir(), entry), { recursive: true, force: true });
  }
  for (const address of await readdir(LEASES).catch(() => [] as string[])) {
    const lease = join(LEASES, address);
    const owner = Number(await readFile(join(lease, 'owner.pid'), 'utf8').catch(() => '0'));
    if (owner && !alive(owner)) {
      await endStaleSamba(lease);
      await rm(lease, { recursive: true, force: true });
    }
  }
}
