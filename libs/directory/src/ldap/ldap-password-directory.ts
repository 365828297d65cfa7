import { Injectable } from '@nestjs/common';
import { Attribute, Change, Client, InvalidCredentialsError, NoSuchAttributeError, NoSuchObjectError, PasswordPolicyControl, PasswordPolicyError, ResultCodeError } from 'ldapts';
import { connect as tcpConnect } from 'node:net';
import { DirectoryConnection } from '../directory-connection';
import { DIRECTORY_RULES, DirectoryIncompleteWrite, DirectoryRefusal, DirectoryRule, DirectoryUnavailable } from '../directory.errors';
import { DirectoryAccountRef, DirectoryCheckItem, DirectorySetOptions, PasswordDirectory } from '../password-directory';
import { diagnosticOf, ldapRefusal, PolicyFacts, RefusalContext, ruleOf } from './ldap-refusals';
import { PASSWORD_MODIFY_OID, passwordModifyValue } from './password-modify';

/** What the root DSE says this server can do. */
export interface LdapServerFeatures {
  passwordModify: boolean;
  /** The ppolicy response control is advertised: pwdReset and the lockout attributes exist. */
  ppolicy: boolean;
}

/** The ppolicy state of one entry, read before a write. */
interface EntryState {
  reset: boolean;
  locked: boolean;
  /** pwdAccountLockedTime 000001010000Z: locked by an administrator for good, not by failed binds. */
  disabled: boolean;
}

const PPOLICY_CONTROL_OID = PasswordPolicyControl.type;
/** How long the root DSE's answer is trusted: features change with a server upgrade, not between two resets. */
const ROOT_DSE_TTL_MS = 60_000;
const PERMANENT_LOCK = '000001010000Z';

/**
 * Passwords in an RFC 4511 directory with OpenLDAP's ppolicy as the
 * reference. Resets run as the service account; a holder's own change runs
 * bound as the holder so ppolicy applies history, minimum age and quality
 * as it would to any client. Every connection is the operation's own
 * (DirectoryConnection), so parallel resets never share a bound session.
 *
 * Facts of slapd 2.5 (ppolicy) this relies on, checked by
 * test/e2e/directory-ldap.e2e-spec.ts:
 * - any password change (exop or modify) deletes pwdAccountLockedTime and
 *   pwdFailureTime, so a reset also unlocks whatever `unlock` says;
 * - a writer with `manage` on userPassword (or the rootdn) skips quality,
 *   history and minimum age, and sets pwdReset: TRUE itself when the policy
 *   has pwdMustChange; a writer with `write` is checked like the holder
 *   (too young included) and clears pwdReset;
 * - a modify that also replaces pwdReset keeps ppolicy's hands off it.
 */
@Injectable()
export class LdapPasswordDirectory implements PasswordDirectory {
  readonly kind = 'ldap' as const;
  private features?: { at: number; answer: Promise<LdapServerFeatures> };

  constructor(private readonly connection: DirectoryConnection) {}

  async setPassword(account: DirectoryAccountRef, password: string, { temporary, unlock }: DirectorySetOptions): Promise<void> {
    this.requireUnderBase(account);
    const context = this.context('service', account, [password]);
    const followUpChanges = await this.connection.asService(async (client) => {
      const features = await this.serverFeatures(client);
      const state = await this.entryState(client, account, context);
      if (state.disabled) throw this.disabled(account);
      if (temporary && !features.ppolicy) {
        throw new DirectoryRefusal(DIRECTORY_RULES.REFUSED, 'This directory has no password policy (ppolicy), so it cannot make the holder change a temporary password; send a reset link instead');
      }
      // pwdReset: TRUE for a temporary password; none for one the holder chose (a replace without values deletes it if present).
      const resetFlag = features.ppolicy ? [replace('pwdReset', temporary ? ['TRUE'] : [])] : [];
      if (!features.passwordModify) {
        // One modify: the password, the flag and the unlock land together or not at all.
        const unlockChange = unlock && state.locked ? [remove('pwdAccountLockedTime')] : [];
        await this.refusing(context, (control) => client.modify(account.dn, [replace('userPassword', [password]), ...resetFlag, ...unlockChange], control));
        return undefined;
      }
      // The exop lets the server hash the password as configured, but it
      // carries no other change: the flag follows in a second modify, which
      // alone is atomic. Between the two, the flag may be wrong (a manage
      // writer's pwdReset: TRUE on a chosen password, none yet on a temporary one).
      await this.refusing(context, (control) => client.exop(PASSWORD_MODIFY_OID, passwordModifyValue({ userIdentity: account.dn, newPasswd: password }), control));
      return resetFlag;
    });
    if (followUpChanges?.length) await this.followUp(account, followUpChanges, temporary);
  }

  async changePassword(account: DirectoryAccountRef, currentPassword: string, newPassword: string): Promise<void> {
    this.requireUnderBase(account);
    const context = this.context('holder', account, [currentPassword, newPassword]);
    await this.connection.connected(async (client) => {
      // Asked before the bind: a holder bound with a temporary password may do nothing but change it.
      const features = await this.serverFeatures(client).catch((error: unknown) => {
        if (error instanceof ResultCodeError) return undefined; // the root DSE wants a bind first
        throw error;
      });
      const bindPolicy = new PasswordPolicyControl();
      try {
        await client.bind(account.dn, currentPassword, bindPolicy);
      } catch (error) {
        throw error instanceof ResultCodeError ? this.bindRefusal(error, bindPolicy, context) : error;
      }
      // A bind answered "change after reset" (ppolicy error 2) is the temporary password's case: the change below is what it allows.
      const { passwordModify } = features ?? (await this.serverFeatures(client));
      await this.refusing(context, async (control) => {
        if (passwordModify) {
          await client.exop(PASSWORD_MODIFY_OID, passwordModifyValue({ oldPasswd: currentPassword, newPasswd: newPassword }), control);
        } else {
          // Delete the old value and add the new one, as ppolicy's pwdSafeModify asks of a modify.
          await client.modify(account.dn, [valueChange('delete', 'userPassword', currentPassword), valueChange('add', 'userPassword', newPassword)], control);
        }
      });
    });
  }

  async unlock(account: DirectoryAccountRef): Promise<void> {
    this.requireUnderBase(account);
    const context = this.context('service', account, []);
    await this.connection.asService(async (client) => {
      const state = await this.entryState(client, account, context);
      if (state.disabled) throw this.disabled(account);
      if (!state.locked) return;
      // ppolicy deletes pwdFailureTime along with the lock (it is NO-USER-MODIFICATION: a `write` account could not).
      // noSuchAttribute: unlocked in between (a lockout duration ran out, someone else unlocked), which is the goal.
      await this.refusing(context, (control) =>
        client.modify(account.dn, [remove('pwdAccountLockedTime')], control).catch((error: unknown) => {
          if (!(error instanceof NoSuchAttributeError)) throw error;
        }),
      );
    });
  }

  async check(): Promise<DirectoryCheckItem[]> {
    const { config } = this.connection;
    const items: DirectoryCheckItem[] = [];
    const add = (name: DirectoryCheckItem['name'], ok: boolean, message: string) => items.push({ name, ok, message });
    const skipped = (names: DirectoryCheckItem['name'][], reason: string) => names.forEach((name) => add(name, false, `not checked: ${reason}`));
    const later: DirectoryCheckItem['name'][] = ['tls', 'bind', 'base', 'search', 'password-modify'];

    const { host, port } = endpoint(config.url);
    const reached = await tcpReachable(host, port, config.timeoutMs);
    if (reached !== true) {
      add('connect', false, `Cannot reach ${host}:${port} (${reached}): check DIRECTORY_URL and that the directory is running and reachable from this host`);
      skipped(later, 'no connection');
      return items;
    }
    add('connect', true, `${host}:${port} accepts connections`);

    try {
      await this.connection.connected(async (client) => {
        // connected() has done STARTTLS by now; for ldaps the first request opens the socket. An LDAP error means TLS worked and the server answered.
        const features = await this.serverFeatures(client, true).catch((error: unknown) => {
          if (error instanceof ResultCodeError) return { passwordModify: false, ppolicy: false };
          throw error;
        });
        add('tls', config.url.startsWith('ldaps:') || config.startTls, config.url.startsWith('ldaps:') || config.startTls ? `TLS established (${config.startTls ? 'STARTTLS' : 'ldaps'}) and the certificate verified` : 'The connection is not encrypted: passwords cross the network in clear text; use ldaps:// or DIRECTORY_STARTTLS=true');
        try {
          await client.bind(config.bindDn, config.bindPassword);
          add('bind', true, `Bound as ${config.bindDn}`);
        } catch (error) {
          add('bind', false, error instanceof InvalidCredentialsError ? `The directory refused ${config.bindDn}: check DIRECTORY_BIND_DN and DIRECTORY_BIND_PASSWORD` : `Binding as ${config.bindDn} failed (${describe(error)})`);
          skipped(['base', 'search'], 'the service account could not bind');
          add('password-modify', features.passwordModify, passwordModifyMessage(features));
          return;
        }
        try {
          await client.search(config.baseDn, { scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'] });
          add('base', true, `${config.baseDn} exists`);
        } catch (error) {
          add('base', false, error instanceof NoSuchObjectError ? `${config.baseDn} does not exist (or ${config.bindDn} may not read it): check DIRECTORY_BASE_DN` : `Reading ${config.baseDn} failed (${describe(error)})`);
          skipped(['search'], 'the base DN is not readable');
          add('password-modify', features.passwordModify, passwordModifyMessage(features));
          return;
        }
        try {
          const { searchEntries } = await client.search(config.baseDn, { scope: 'sub', filter: config.userFilter, sizeLimit: 1, attributes: [config.attributes.username] });
          add(
            'search',
            searchEntries.length > 0,
            searchEntries.length > 0
              ? `${config.userFilter} finds accounts under ${config.baseDn} (e.g. ${searchEntries[0].dn})`
              : `${config.userFilter} finds no account under ${config.baseDn}: check DIRECTORY_USER_FILTER and DIRECTORY_BASE_DN, and that ${config.bindDn} may read the entries`,
          );
        } catch (error) {
          add('search', false, `Searching ${config.baseDn} for ${config.userFilter} failed (${describe(error)}): check DIRECTORY_USER_FILTER`);
        }
        add('password-modify', features.passwordModify, passwordModifyMessage(features));
        if (config.privilegedGroup) {
          try {
            await client.search(config.privilegedGroup, { scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'] });
            add('privileged-group', true, `${config.privilegedGroup} exists`);
          } catch (error) {
            add('privileged-group', false, `${config.privilegedGroup} cannot be read (${describe(error)}): check DIRECTORY_PRIVILEGED_GROUP`);
          }
        }
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      add('tls', false, message);
      skipped(later.slice(1), 'no TLS connection');
    }
    return items;
  }

  /** The root DSE's extensions and controls, cached briefly and shared by concurrent operations. */
  protected serverFeatures(client: Client, fresh = false): Promise<LdapServerFeatures> {
    if (!fresh && this.features && Date.now() - this.features.at < ROOT_DSE_TTL_MS) return this.features.answer;
    const answer = client
      .search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['supportedExtension', 'supportedControl'] })
      .then(({ searchEntries }) => {
        const values = (name: string) => [searchEntries[0]?.[name] ?? []].flat().map(String);
        return { passwordModify: values('supportedExtension').includes(PASSWORD_MODIFY_OID), ppolicy: values('supportedControl').includes(PPOLICY_CONTROL_OID) };
      });
    this.features = { at: Date.now(), answer };
    // A failed read is not remembered: the next operation asks again.
    answer.catch(() => {
      if (this.features?.answer === answer) this.features = undefined;
    });
    return answer;
  }

  /** Reads the lock and reset state, which also proves the entry is there before anything is written. */
  private async entryState(client: Client, account: DirectoryAccountRef, context: RefusalContext): Promise<EntryState> {
    try {
      const { searchEntries } = await client.search(account.dn, { scope: 'base', filter: '(objectClass=*)', attributes: ['pwdReset', 'pwdAccountLockedTime'] });
      const entry = searchEntries[0];
      if (!entry) throw new NoSuchObjectError();
      const lockedAt = [entry.pwdAccountLockedTime ?? []].flat().map(String)[0];
      return { reset: String(entry.pwdReset ?? '').toUpperCase() === 'TRUE', locked: lockedAt !== undefined, disabled: lockedAt === PERMANENT_LOCK };
    } catch (error) {
      throw error instanceof ResultCodeError ? ldapRefusal(error, undefined, context) : error;
    }
  }

  /** Runs one write with the ppolicy control and turns the directory's no into a refusal in words. */
  private async refusing<T>(context: RefusalContext, write: (control: PasswordPolicyControl) => Promise<T>): Promise<T> {
    const control = new PasswordPolicyControl();
    try {
      return await write(control);
    } catch (error) {
      if (!(error instanceof ResultCodeError) || error.code === 51 || error.code === 52 || error.code === 80) throw error;
      const rule = ruleOf(error, control.value, context.actor);
      const policy = NUMBERED_RULES.has(rule) ? await this.policyFacts(context.entryDn) : undefined;
      throw ldapRefusal(error, control.value, { ...context, policy });
    }
  }

  /**
   * The second half of an exop reset, retried once on a fresh connection:
   * the password already changed, so giving up here must say so.
   */
  private async followUp(account: DirectoryAccountRef, changes: Change[], temporary: boolean): Promise<void> {
    const write = () => this.connection.asService((client) => client.modify(account.dn, changes));
    try {
      await write().catch(write);
    } catch (error) {
      const reason = error instanceof ResultCodeError ? diagnosticOf(error, undefined, []) : describe(error);
      throw new DirectoryIncompleteWrite(
        temporary
          ? `The new password was set in the directory but it could not be marked temporary (pwdReset: TRUE on ${account.dn}: ${reason}); the holder will not be asked to change it. Reset it again once the directory answers, or set pwdReset there`
          : `The new password was set in the directory but its must-change flag could not be removed (pwdReset on ${account.dn}: ${reason}); the holder will be asked to change it at the next sign-in unless pwdReset is removed`,
        error,
      );
    }
  }

  /**
   * The numbers a refusal sentence quotes, from the entry's pwdPolicySubentry; nothing when the directory does not say.
   * Read as the service account: a holder under pwdReset may do nothing but change the password.
   */
  private async policyFacts(dn: string): Promise<PolicyFacts | undefined> {
    return this.connection.asService((client) => this.readPolicyFacts(client, dn)).catch(() => undefined);
  }

  private async readPolicyFacts(client: Client, dn: string): Promise<PolicyFacts | undefined> {
    const { searchEntries: [entry] } = await client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: ['pwdPolicySubentry', 'pwdChangedTime'] });
    const policyDn = entry?.pwdPolicySubentry ? String([entry.pwdPolicySubentry].flat()[0]) : undefined;
    const changedAt = entry?.pwdChangedTime ? generalizedTime(String([entry.pwdChangedTime].flat()[0])) : undefined;
    if (!policyDn) return { changedAt };
    const { searchEntries: [policy] } = await client.search(policyDn, { scope: 'base', filter: '(objectClass=*)', attributes: ['pwdInHistory', 'pwdMinLength', 'pwdMinAge'] });
    const number = (name: string) => (policy?.[name] !== undefined ? Number([policy[name]].flat()[0]) : undefined);
    return { inHistory: number('pwdInHistory'), minLength: number('pwdMinLength'), minAge: number('pwdMinAge'), changedAt };
  }

  /** A failed bind says only invalidCredentials (49); the ppolicy control tells locked (1) and expired (0) apart from a wrong password. */
  private bindRefusal(error: ResultCodeError, control: PasswordPolicyControl, context: RefusalContext): DirectoryRefusal {
    return ldapRefusal(error, control.value, context);
  }

  private disabled(account: DirectoryAccountRef): DirectoryRefusal {
    return new DirectoryRefusal(DIRECTORY_RULES.ACCOUNT_DISABLED, 'A directory administrator has disabled this account; ResetDesk does not re-enable it', `pwdAccountLockedTime: ${PERMANENT_LOCK} on ${account.dn}`);
  }

  /** Writes go only to entries under DIRECTORY_BASE_DN, whatever DN a caller hands in. */
  private requireUnderBase(account: DirectoryAccountRef): void {
    const base = normalizeDn(this.connection.config.baseDn);
    const dn = normalizeDn(account.dn);
    if (dn !== base && !dn.endsWith(`,${base}`)) {
      throw new DirectoryRefusal(DIRECTORY_RULES.REFUSED, `ResetDesk only changes entries under DIRECTORY_BASE_DN (${this.connection.config.baseDn}); ${account.dn} is outside it`);
    }
  }

  private context(actor: RefusalContext['actor'], account: DirectoryAccountRef, secrets: string[]): RefusalContext {
    return { actor, serviceDn: this.connection.config.bindDn, entryDn: account.dn, secrets };
  }
}

const NUMBERED_RULES = new Set<DirectoryRule>([DIRECTORY_RULES.HISTORY, DIRECTORY_RULES.MIN_LENGTH, DIRECTORY_RULES.MIN_AGE]);

function replace(type: string, values: string[]): Change {
  return new Change({ operation: 'replace', modification: new Attribute({ type, values }) });
}

function valueChange(operation: 'add' | 'delete', type: string, value: string): Change {
  return new Change({ operation, modification: new Attribute({ type, values: [value] }) });
}

function remove(type: string): Change {
  return new Change({ operation: 'delete', modification: new Attribute({ type }) });
}

function passwordModifyMessage(features: LdapServerFeatures): string {
  return features.passwordModify
    ? `The directory advertises Password Modify (${PASSWORD_MODIFY_OID}); resets use it${features.ppolicy ? ', and ppolicy is active' : ''}`
    : `The directory does not advertise Password Modify (${PASSWORD_MODIFY_OID}); resets replace userPassword, which the directory stores as sent unless it hashes it itself (ppolicy_hash_cleartext)`;
}

/** "Case and spaces after commas do not matter" is as far as DN comparison needs to go here. */
function normalizeDn(dn: string): string {
  return dn
    .split(',')
    .map((part) => part.trim().replace(/\s*=\s*/, '='))
    .join(',')
    .toLowerCase();
}

function generalizedTime(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(value);
  return match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6])) : undefined;
}

function endpoint(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port ? Number(parsed.port) : parsed.protocol === 'ldaps:' ? 636 : 389 };
}

function tcpReachable(host: string, port: number, timeoutMs: number): Promise<true | string> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (answer: true | string) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(true));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

function describe(error: unknown): string {
  if (error instanceof DirectoryRefusal || error instanceof DirectoryUnavailable) return error.message;
  if (error instanceof ResultCodeError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
