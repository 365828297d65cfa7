import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Attribute, Change, Client, TypeOrValueExistsError } from 'ldapts';
import { freePort } from './ports';
import { endProcess, stopProcess } from './stop-process';
import { waitFor } from './wait-for';
import { writeSelfSignedCertificate } from './self-signed-certificate';

const run = promisify(execFile);

/** ppolicy attributes of the default policy (seconds for ages). */
export interface SlapdPolicy {
  pwdMaxAge: number;
  pwdMinAge: number;
  pwdInHistory: number;
  pwdMinLength: number;
  /** 2: refuse what cannot be checked (with cleartext hashing everything can). */
  pwdCheckQuality: number;
  pwdMustChange: boolean;
  pwdAllowUserChange: boolean;
  pwdLockout: boolean;
  pwdMaxFailure: number;
  /** 0: locked until an administrator unlocks. */
  pwdLockoutDuration: number;
  pwdExpireWarning: number;
  pwdGraceAuthNLimit: number;
}

export interface SlapdUser {
  uid: string;
  cn?: string;
  sn?: string;
  mail?: string;
  password?: string;
  /** Extra attributes (e.g. manager, pwdPolicySubentry). */
  attributes?: Record<string, string | string[]>;
  /** Under this OU of the suffix (default people). */
  ou?: string;
}

export interface SlapdOptions {
  policy?: Partial<SlapdPolicy>;
  /**
   * What the service account may do to passwords: `write` (ppolicy checks
   * quality and history on its resets) or `manage` (it skips them).
   */
  serviceAccess?: 'write' | 'manage';
  /**
   * People loaded with slapadd before the server starts (thousands in well
   * under a second, where LDAP adds take minutes). Read lazily and streamed
   * to the LDIF file, so a generator of 100,000 holds none in memory.
   * `attributes` may carry operational ones slapadd accepts, e.g.
   * pwdChangedTime.
   */
  bulkUsers?: Iterable<SlapdUser>;
  /**
   * `bound`: the root DSE shows supportedExtension and supportedControl only
   * to bound clients, as some hardened servers do (anonymous readers see
   * neither Password Modify nor ppolicy). Default: whatever slapd's ACLs below give.
   */
  rootDseFeatures?: 'bound';
  /** Fixed ports (the demo prints them); free ones by default. */
  port?: number;
  tlsPort?: number;
}

const SUFFIX = 'dc=example,dc=org';
const DEFAULT_POLICY: SlapdPolicy = {
  pwdMaxAge: 120 * 86_400,
  pwdMinAge: 0,
  pwdInHistory: 5,
  pwdMinLength: 10,
  pwdCheckQuality: 2,
  pwdMustChange: true,
  pwdAllowUserChange: true,
  pwdLockout: true,
  pwdMaxFailure: 5,
  pwdLockoutDuration: 0,
  pwdExpireWarning: 0,
  pwdGraceAuthNLimit: 0,
};

/**
 * An OpenLDAP slapd of the test's own: mdb in a temp folder, the ppolicy
 * overlay (cleartext hashing, lockout), a self-signed certificate for
 * 127.0.0.1, ldap:// and ldaps:// on free loopback ports, a service
 * account for ResetDesk and the admin (rootdn) for test setup.
 */
export class PrivateSlapd {
  private process?: ChildProcess;
  readonly suffix = SUFFIX;
  readonly peopleDn = `ou=people,${SUFFIX}`;
  readonly groupsDn = `ou=groups,${SUFFIX}`;
  readonly policyDn = `cn=default,ou=policies,${SUFFIX}`;
  /** Entries here may be read, but ResetDesk's service account may not change their passwords (insufficientAccess). */
  readonly vaultDn = `ou=vault,${SUFFIX}`;
  /** Entries here: the service account may write userPassword but not pwdReset or the lockout attributes. */
  readonly passwordOnlyDn = `ou=password-only,${SUFFIX}`;
  readonly rootDn = `cn=admin,${SUFFIX}`;
  readonly rootPassword = 'root-secret-for-tests';
  readonly bindDn = `cn=resetdesk,ou=services,${SUFFIX}`;
  readonly bindPassword = 'service-secret-for-tests';

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly tlsPort: number,
  ) {}

  static async start(options: SlapdOptions = {}): Promise<PrivateSlapd> {
    const slapd = new PrivateSlapd(
      await mkdtemp(join(tmpdir(), 'resetdesk-slapd-')),
      options.port ?? (await freePort()),
      options.tlsPort ?? (await freePort()),
    );
    await slapd.provision(
      { ...DEFAULT_POLICY, ...options.policy },
      options.serviceAccess ?? 'write',
      options.bulkUsers ?? [],
      options.rootDseFeatures,
    );
    await slapd.resume();
    return slapd;
  }

  /** ldaps:// (what ResetDesk should be configured with). */
  get url(): string {
    return `ldaps://127.0.0.1:${this.tlsPort}`;
  }

  /** ldap:// without TLS, for STARTTLS and for plain-text tests. */
  get plainUrl(): string {
    return `ldap://127.0.0.1:${this.port}`;
  }

  get caFile(): string {
    return join(this.dir, 'cert.pem');
  }

  /** The environment that points ResetDesk at this server. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      DIRECTORY_KIND: 'ldap',
      DIRECTORY_URL: this.url,
      DIRECTORY_CA_FILE: this.caFile,
      DIRECTORY_BIND_DN: this.bindDn,
      DIRECTORY_BIND_PASSWORD: this.bindPassword,
      DIRECTORY_BASE_DN: this.peopleDn,
      ...extra,
    };
  }

  userDn(uid: string, ou = 'people'): string {
    return `uid=${uid},ou=${ou},${SUFFIX}`;
  }

  /** Runs `work` bound as the rootdn (bypasses ACLs and ppolicy checks). */
  async asRoot<T>(work: (client: Client) => Promise<T>): Promise<T> {
    return this.as(this.rootDn, this.rootPassword, work);
  }

  async as<T>(dn: string, password: string, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({
      url: this.url,
      tlsOptions: { ca: await import('node:fs/promises').then((fs) => fs.readFile(this.caFile)) },
      timeout: 10_000,
    });
    try {
      await client.bind(dn, password);
      return await work(client);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  /** Adds a person (inetOrgPerson) and returns its DN. */
  async addUser(user: SlapdUser): Promise<string> {
    const dn = this.userDn(user.uid, user.ou);
    const entry = entryOf(user);
    await this.asRoot((client) => client.add(dn, entry));
    return dn;
  }

  /** Adds a groupOfNames with these member DNs (it needs one: the rootdn stands in when empty). */
  async addGroup(cn: string, members: string[]): Promise<string> {
    const dn = `cn=${cn},${this.groupsDn}`;
    await this.asRoot((client) =>
      client.add(dn, { objectClass: ['groupOfNames'], cn, member: members.length > 0 ? members : [this.rootDn] }),
    );
    return dn;
  }

  /** Deletes an entry as the rootdn. */
  async remove(dn: string): Promise<void> {
    await this.asRoot((client) => client.del(dn));
  }

  /** The holder changes their own password (a modify as themselves, so ppolicy sets pwdChangedTime and applies its checks). */
  async changeOwnPassword(dn: string, currentPassword: string, newPassword: string): Promise<void> {
    await this.as(dn, currentPassword, (client) =>
      client.modify(dn, [
        new Change({ operation: 'replace', modification: new Attribute({ type: 'userPassword', values: [newPassword] }) }),
      ]),
    );
  }

  /** Replaces attributes of an entry as the rootdn. */
  async modify(dn: string, values: Record<string, string | string[] | null>): Promise<void> {
    const changes = Object.entries(values).map(([type, value]) =>
      value === null
        ? new Change({ operation: 'delete', modification: new Attribute({ type }) })
        : new Change({ operation: 'replace', modification: new Attribute({ type, values: Array.isArray(value) ? value : [value] }) }),
    );
    await this.asRoot((client) => client.modify(dn, changes));
  }

  /**
   * `modify`, once more a second later if a write the server was frozen
   * under lands at the same moment (ppolicy's pwdHistory keys entries by the
   * second and refuses a duplicate).
   */
  async modifyOnceSettled(dn: string, values: Record<string, string | string[] | null>): Promise<void> {
    try {
      await this.modify(dn, values);
    } catch (error) {
      if (!(error instanceof TypeOrValueExistsError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await this.modify(dn, values);
    }
  }

  /** Attributes of one entry (operational ones included when asked for by name). */
  async read(dn: string, attributes: string[] = ['*', '+']): Promise<Record<string, string | string[]>> {
    return this.asRoot(async (client) => {
      const { searchEntries } = await client.search(dn, { scope: 'base', attributes });
      const entry = searchEntries[0] ?? {};
      return Object.fromEntries(
        Object.entries(entry).map(([key, value]) => [key, Array.isArray(value) ? value.map(String) : String(value)]),
      );
    });
  }

  /** Whether `password` binds as `dn` (the test of "the reset landed where people sign in"). */
  async canBind(dn: string, password: string): Promise<boolean> {
    return this.as(dn, password, async () => true).catch(() => false);
  }

  /** Adds a policy subentry besides the default and returns its DN; give an entry `pwdPolicySubentry` to use it. */
  async addPolicy(name: string, policy: Partial<SlapdPolicy>): Promise<string> {
    const dn = `cn=${name},ou=policies,${SUFFIX}`;
    const values = Object.fromEntries(
      Object.entries(policy).map(([key, value]) => [key, typeof value === 'boolean' ? String(value).toUpperCase() : String(value)]),
    );
    await this.asRoot((client) =>
      client.add(dn, { objectClass: ['pwdPolicy', 'device'], cn: name, pwdAttribute: 'userPassword', ...values }),
    );
    return dn;
  }

  /** Freezes the server (SIGSTOP): connections stay open and nothing answers, as with a hung directory. */
  freeze(): void {
    stopProcess(this.process?.pid);
  }

  thaw(): void {
    this.process?.kill('SIGCONT');
  }

  /** Stops the server (SIGKILL); `resume()` starts it again on the same ports with the same data. */
  async crash(): Promise<void> {
    // SIGKILL ends a frozen server too, without a moment of running again (a SIGCONT first could let it answer).
    await endProcess(this.process, 'SIGKILL');
    this.process = undefined;
  }

  async resume(): Promise<void> {
    // -d 0 keeps slapd in the foreground (no daemon to lose track of) without debug output.
    this.process = spawn('/usr/sbin/slapd', ['-f', join(this.dir, 'slapd.conf'), '-h', `${this.plainUrl}/ ${this.url}/`, '-d', '0'], {
      stdio: 'ignore',
    });
    await waitFor(() => this.asRoot(async () => true).catch(() => false), {
      what: `slapd on ports ${this.port}/${this.tlsPort}`,
      timeoutMs: 10_000,
      intervalMs: 50,
    });
  }

  async stop(): Promise<void> {
    await this.crash();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async provision(
    policy: SlapdPolicy,
    serviceAccess: 'write' | 'manage',
    bulkUsers: Iterable<SlapdUser>,
    rootDseFeatures?: 'bound',
  ): Promise<void> {
    const dir = this.dir;
    await mkdir(join(dir, 'db'));
    await writeSelfSignedCertificate({
      keyFile: join(dir, 'key.pem'),
      certFile: join(dir, 'cert.pem'),
      commonName: '127.0.0.1',
      altNames: ['IP:127.0.0.1', 'DNS:localhost'],
    });
    const config = [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      'include /etc/ldap/schema/nis.schema',
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'moduleload ppolicy',
      `pidfile ${join(dir, 'slapd.pid')}`,
      `TLSCertificateFile ${join(dir, 'cert.pem')}`,
      `TLSCertificateKeyFile ${join(dir, 'key.pem')}`,
      'sizelimit unlimited',
      // The root DSE is in no database: only ACLs before the first `database` apply to it.
      ...(rootDseFeatures === 'bound'
        ? ['access to dn.base="" attrs=supportedExtension,supportedControl by users read by * none', 'access to dn.base="" by * read']
        : []),
      'database mdb',
      'maxsize 4294967296',
      `suffix "${SUFFIX}"`,
      `rootdn "${this.rootDn}"`,
      `rootpw ${this.rootPassword}`,
      `directory ${join(dir, 'db')}`,
      'index objectClass eq',
      'index uid eq',
      'index member eq',
      'index entryUUID eq',
      'index modifyTimestamp eq',
      'overlay ppolicy',
      `ppolicy_default "${this.policyDn}"`,
      'ppolicy_hash_cleartext',
      'ppolicy_use_lockout',
      `access to dn.subtree="${this.vaultDn}" attrs=userPassword by self write by anonymous auth by * none`,
      `access to dn.subtree="${this.vaultDn}" by users read by * none`,
      `access to dn.subtree="${this.passwordOnlyDn}" attrs=userPassword by dn.exact="${this.bindDn}" ${serviceAccess} by self write by anonymous auth by * none`,
      `access to dn.subtree="${this.passwordOnlyDn}" by users read by * none`,
      // The service account resets passwords and clears the ppolicy state; holders change their own.
      `access to attrs=userPassword by dn.exact="${this.bindDn}" ${serviceAccess} by self write by anonymous auth by * none`,
      `access to attrs=pwdReset,pwdAccountLockedTime,pwdFailureTime by dn.exact="${this.bindDn}" ${serviceAccess} by * read`,
      `access to * by dn.exact="${this.bindDn}" read by self read by users read by * none`,
      '',
    ].join('\n');
    await writeFile(join(dir, 'slapd.conf'), config);
    const policyLines = Object.entries(policy).map(
      ([key, value]) => `${key}: ${typeof value === 'boolean' ? String(value).toUpperCase() : value}`,
    );
    const seed = [
      `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example`,
      `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people`,
      `dn: ou=groups,${SUFFIX}\nobjectClass: organizationalUnit\nou: groups`,
      `dn: ou=services,${SUFFIX}\nobjectClass: organizationalUnit\nou: services`,
      `dn: ou=policies,${SUFFIX}\nobjectClass: organizationalUnit\nou: policies`,
      `dn: ${this.vaultDn}\nobjectClass: organizationalUnit\nou: vault`,
      `dn: ${this.passwordOnlyDn}\nobjectClass: organizationalUnit\nou: password-only`,
      `dn: ${this.policyDn}\nobjectClass: pwdPolicy\nobjectClass: device\ncn: default\npwdAttribute: userPassword\n${policyLines.join('\n')}`,
      `dn: ${this.bindDn}\nobjectClass: applicationProcess\nobjectClass: simpleSecurityObject\ncn: resetdesk\nuserPassword: ${this.bindPassword}`,
    ].join('\n\n');
    const ldif = createWriteStream(join(dir, 'seed.ldif'));
    ldif.write(`${seed}\n`);
    for (const user of bulkUsers) {
      if (!ldif.write(`\n${this.ldifOf(user)}\n`)) await once(ldif, 'drain');
    }
    ldif.end();
    await once(ldif, 'finish');
    // -q: no consistency checks, the fast load of a trusted file.
    await run('/usr/sbin/slapadd', ['-q', '-f', join(dir, 'slapd.conf'), '-l', join(dir, 'seed.ldif')], { maxBuffer: 16 * 1024 * 1024 });
  }

  private ldifOf(user: SlapdUser): string {
    const entry = entryOf(user);
    const dn = this.userDn(user.uid, user.ou);
    const lines = [/^[\x20-\x7e]*$/.test(dn) ? `dn: ${dn}` : `dn:: ${Buffer.from(dn, 'utf8').toString('base64')}`];
    for (const [type, value] of Object.entries(entry)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        // Non-ASCII values are base64 in LDIF (RFC 2849).
        lines.push(
          /^[\x20-\x7e]*$/.test(item) && !/^[ :<]/.test(item)
            ? `${type}: ${item}`
            : `${type}:: ${Buffer.from(item, 'utf8').toString('base64')}`,
        );
      }
    }
    return lines.join('\n');
  }
}

/** A person's entry as both the live add and the bulk LDIF write it. */
function entryOf(user: SlapdUser): Record<string, string | string[]> {
  return {
    objectClass: ['inetOrgPerson'],
    uid: user.uid,
    cn: user.cn ?? user.uid,
    sn: user.sn ?? user.cn?.split(' ').pop() ?? user.uid,
    ...(user.mail ? { mail: user.mail } : {}),
    ...(user.password ? { userPassword: user.password } : {}),
    ...user.attributes,
  };
}
