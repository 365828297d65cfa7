import { Injectable } from '@nestjs/common';
import {
  Attribute,
  Change,
  Client,
  Control,
  InsufficientAccessError,
  NoSuchAttributeError,
  NoSuchObjectError,
  PasswordPolicyControl,
  ResultCodeError,
  UnavailableCriticalExtensionError,
} from 'ldapts';
import { DirectoryConnection, passwordWrite } from '../directory-connection';
import { DIRECTORY_RULES, DirectoryIncompleteWrite, DirectoryRefusal, DirectoryRule, DirectoryUnavailable } from '../directory.errors';
import { DirectoryAccountRef, DirectoryCheckItem, DirectorySetOptions, PasswordDirectory } from '../password-directory';
import { diagnosticOf, ldapRefusal, PolicyFacts, RefusalContext, ruleOf } from './ldap-refusals';
import { checkLdapDirectory, errorText } from './ldap-directory-check';
import { LdapServerFeatures, readServerFeatures } from './ldap-server-features';
import { PASSWORD_MODIFY_OID, passwordModifyValue } from './password-modify';

/** The lockout state of one entry, read before a write. */
interface EntryState {
  locked: boolean;
  /** Failed binds counted towards the next lockout (pwdFailureTime values). */
  failures: number;
  /** pwdAccountLockedTime 000001010000Z: locked by an administrator for good, not by failed binds. */
  disabled: boolean;
}

/** How long the root DSE's answer is trusted: features change with a server upgrade, not between two resets. */
const ROOT_DSE_TTL_MS = 60_000;
const PERMANENT_LOCK = '000001010000Z';
/** LDAP Relax Rules (draft-zeilenga-ldap-relax), which lets a `manage` writer change NO-USER-MODIFICATION attributes. */
const RELAX_RULES_OID = '1.3.6.1.4.1.4203.666.5.12';

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
        throw new DirectoryRefusal(
          DIRECTORY_RULES.REFUSED,
          'This directory has no password policy (ppolicy), so it cannot make the holder change a temporary password; send a reset link instead',
        );
      }
      // pwdReset: TRUE for a temporary password; none for one the holder chose (a replace without values deletes it if present).
      const resetFlag = features.ppolicy ? [replace('pwdReset', temporary ? ['TRUE'] : [])] : [];
      if (!features.passwordModify) {
        // One modify: the password, the flag and the unlock land together or not at all.
        const unlockChange = unlock && state.locked ? [remove('pwdAccountLockedTime')] : [];
        await this.refusing(context, (control) =>
          passwordWrite(account.dn, () =>
            client.modify(account.dn, [replace('userPassword', [password]), ...resetFlag, ...unlockChange], control),
          ),
        );
        return undefined;
      }
      // The exop lets the server hash the password as configured, but it
      // carries no other change: the flag follows in a second modify, which
      // alone is atomic. Between the two, the flag may be wrong (a manage
      // writer's pwdReset: TRUE on a chosen password, none yet on a temporary one).
      await this.refusing(context, (control) =>
        passwordWrite(account.dn, () =>
          client.exop(PASSWORD_MODIFY_OID, passwordModifyValue({ userIdentity: account.dn, newPasswd: password }), control),
        ),
      );
      if (resetFlag.length === 0) return undefined;
      // A chosen password needs the flag gone; a read (no disk write on the server) tells whether the exop left one, which a `write` writer never does.
      if (!temporary && !(await this.hasResetFlag(client, account))) return undefined;
      return client.modify(account.dn, resetFlag).then(
        () => undefined,
        () => resetFlag, // retried below on a connection of its own
      );
    });
    if (followUpChanges) await this.retryFollowUp(account, followUpChanges, temporary);
  }

  async changePassword(account: DirectoryAccountRef, currentPassword: string, newPassword: string): Promise<void> {
    this.requireUnderBase(account);
    const context = this.context('holder', account, [currentPassword, newPassword]);
    // Asked as the service account, on a connection of its own: a holder bound with a temporary password may do nothing but
    // change it, and what an anonymous reader is shown (some servers hide supportedExtension from them) is not what the server can do.
    const { passwordModify } = await this.serverFeatures();
    await this.connection.connected(async (client) => {
      const bindPolicy = new PasswordPolicyControl();
      try {
        await client.bind(account.dn, currentPassword, bindPolicy);
      } catch (error) {
        throw error instanceof ResultCodeError ? this.bindRefusal(error, bindPolicy, context) : error;
      }
      // A bind answered "change after reset" (ppolicy error 2) is the temporary password's case: the change below is what it allows.
      await this.refusing(context, (control) =>
        passwordWrite(account.dn, async () => {
          if (passwordModify) {
            await client.exop(PASSWORD_MODIFY_OID, passwordModifyValue({ oldPasswd: currentPassword, newPasswd: newPassword }), control);
          } else {
            // Delete the old value and add the new one, as ppolicy's pwdSafeModify asks of a modify.
            await client.modify(
              account.dn,
              [valueChange('delete', 'userPassword', currentPassword), valueChange('add', 'userPassword', newPassword)],
              control,
            );
          }
        }),
      );
    });
  }

  async unlock(account: DirectoryAccountRef): Promise<void> {
    this.requireUnderBase(account);
    const context = this.context('service', account, []);
    await this.connection.asService(async (client) => {
      const state = await this.entryState(client, account, context);
      if (state.disabled) throw this.disabled(account);
      if (state.locked) {
        // ppolicy deletes pwdFailureTime along with the lock.
        // noSuchAttribute: unlocked in between (a lockout duration ran out, someone else unlocked), which is the goal.
        await this.refusing(context, (control) =>
          client.modify(account.dn, [remove('pwdAccountLockedTime')], control).catch((error: unknown) => {
            if (!(error instanceof NoSuchAttributeError)) throw error;
          }),
        );
      } else if (state.failures > 0) {
        // Not locked yet, but the next wrong password would count on top of these. pwdFailureTime is
        // NO-USER-MODIFICATION: only a `manage` account with the Relax Rules control may delete it. A `write`
        // account cannot, and that is no failure: the holder's next successful bind clears the count.
        await client
          .modify(account.dn, [remove('pwdFailureTime')], new Control(RELAX_RULES_OID, { critical: true }))
          .catch((error: unknown) => {
            if (
              error instanceof InsufficientAccessError ||
              error instanceof UnavailableCriticalExtensionError ||
              error instanceof NoSuchAttributeError
            )
              return;
            // Any other answer is the directory's no to this unlock, in words; busy/unavailable become an outage in DirectoryConnection.
            if (error instanceof ResultCodeError && !TRANSIENT_CODES.has(error.code)) throw ldapRefusal(error, undefined, context);
            throw error;
          });
      }
    });
  }

  /** Connection, TLS, the service account's bind, the base DN, a sample search and Password Modify, one item each; never throws. */
  check(): Promise<DirectoryCheckItem[]> {
    // A fresh read, never cached: the check reads before its bind, and an anonymous reader may be shown less than the service account.
    return checkLdapDirectory(this.connection, (client) => readServerFeatures(client));
  }

  /**
   * The root DSE's extensions and controls as the service account sees them,
   * cached briefly and shared by concurrent operations. `serviceClient` is a
   * connection already bound as the service account; without one, a
   * connection of its own. Only such reads are cached: an anonymous or a
   * holder's view could hide Password Modify or ppolicy, and downgrade every
   * reset for a minute.
   */
  protected serverFeatures(serviceClient?: Client): Promise<LdapServerFeatures> {
    if (this.features && Date.now() - this.features.at < ROOT_DSE_TTL_MS) return this.features.answer;
    const answer = serviceClient ? this.readFeatures(serviceClient) : this.connection.asService((client) => this.readFeatures(client));
    this.features = { at: Date.now(), answer };
    // A failed read is not remembered: the next operation asks again.
    answer.catch(() => {
      if (this.features?.answer === answer) this.features = undefined;
    });
    return answer;
  }

  /** The root DSE read; an answer other than busy/unavailable (which DirectoryConnection turns into an outage) is no refusal of the password either. */
  private async readFeatures(client: Client): Promise<LdapServerFeatures> {
    try {
      return await readServerFeatures(client);
    } catch (error) {
      if (!(error instanceof ResultCodeError) || TRANSIENT_CODES.has(error.code)) throw error;
      throw new DirectoryUnavailable(
        'The directory could not be used for passwords right now; try again in a minute, and tell an administrator if it persists',
        error,
        `Reading the root DSE (supportedExtension, supportedControl) as ${this.connection.config.bindDn} failed: ${diagnosticOf(error, undefined, [])}`,
      );
    }
  }

  /** Reads the lock and reset state, which also proves the entry is there before anything is written. */
  private async entryState(client: Client, account: DirectoryAccountRef, context: RefusalContext): Promise<EntryState> {
    try {
      const { searchEntries } = await client.search(account.dn, {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: ['pwdAccountLockedTime', 'pwdFailureTime'],
      });
      const entry = searchEntries[0];
      if (!entry) throw new NoSuchObjectError();
      const lockedAt = [entry.pwdAccountLockedTime ?? []].flat().map(String)[0];
      return {
        locked: lockedAt !== undefined,
        failures: [entry.pwdFailureTime ?? []].flat().length,
        disabled: lockedAt === PERMANENT_LOCK,
      };
    } catch (error) {
      throw error instanceof ResultCodeError ? ldapRefusal(error, undefined, context) : error;
    }
  }

  /** Whether the entry carries pwdReset now; when the read fails, assume it does so that the modify clears it. */
  private async hasResetFlag(client: Client, account: DirectoryAccountRef): Promise<boolean> {
    try {
      const { searchEntries } = await client.search(account.dn, { scope: 'base', filter: '(objectClass=*)', attributes: ['pwdReset'] });
      return [searchEntries[0]?.pwdReset ?? []].flat().length > 0;
    } catch {
      return true;
    }
  }

  /** Runs one write with the ppolicy control and turns the directory's no into a refusal in words. */
  private async refusing<T>(context: RefusalContext, write: (control: PasswordPolicyControl) => Promise<T>): Promise<T> {
    const control = new PasswordPolicyControl();
    try {
      return await write(control);
    } catch (error) {
      if (!(error instanceof ResultCodeError) || TRANSIENT_CODES.has(error.code)) throw error;
      const rule = ruleOf(error, control.value, context.actor);
      const policy = NUMBERED_RULES.has(rule) ? await this.policyFacts(context.entryDn) : undefined;
      throw ldapRefusal(error, control.value, { ...context, policy });
    }
  }

  /**
   * The second half of an exop reset, once more on a fresh connection (the
   * first try's may be what broke): the password already changed, so giving
   * up here must say so.
   */
  private async retryFollowUp(account: DirectoryAccountRef, changes: Change[], temporary: boolean): Promise<void> {
    try {
      await this.connection.asService((client) => client.modify(account.dn, changes));
    } catch (error) {
      const reason = error instanceof ResultCodeError ? diagnosticOf(error, undefined, []) : errorText(error);
      throw new DirectoryIncompleteWrite(
        temporary
          ? 'The new password was set in the directory but it could not be marked temporary: the holder will not be asked to change it. Reset it again once the directory answers'
          : 'The new password was set in the directory but its must-change flag could not be removed: the holder will be asked to change it at the next sign-in',
        error,
        temporary
          ? `The new password was set in the directory but it could not be marked temporary (pwdReset: TRUE on ${account.dn}: ${reason}); the holder will not be asked to change it. Reset it again once the directory answers, or set pwdReset there`
          : `The new password was set in the directory but its must-change flag could not be removed (pwdReset on ${account.dn}: ${reason}); the holder will be asked to change it at the next sign-in unless pwdReset is removed`,
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
    const {
      searchEntries: [entry],
    } = await client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: ['pwdPolicySubentry', 'pwdChangedTime'] });
    const policyDn = entry?.pwdPolicySubentry ? String([entry.pwdPolicySubentry].flat()[0]) : undefined;
    const changedAt = entry?.pwdChangedTime ? generalizedTime(String([entry.pwdChangedTime].flat()[0])) : undefined;
    if (!policyDn) return { changedAt };
    const {
      searchEntries: [policy],
    } = await client.search(policyDn, {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['pwdInHistory', 'pwdMinLength', 'pwdMinAge'],
    });
    const number = (name: string) => (policy?.[name] !== undefined ? Number([policy[name]].flat()[0]) : undefined);
    return { inHistory: number('pwdInHistory'), minLength: number('pwdMinLength'), minAge: number('pwdMinAge'), changedAt };
  }

  /** A failed bind says only invalidCredentials (49); the ppolicy control tells locked (1) and expired (0) apart from a wrong password. */
  private bindRefusal(error: ResultCodeError, control: PasswordPolicyControl, context: RefusalContext): DirectoryRefusal {
    return ldapRefusal(error, control.value, context);
  }

  private disabled(account: DirectoryAccountRef): DirectoryRefusal {
    return new DirectoryRefusal(
      DIRECTORY_RULES.ACCOUNT_DISABLED,
      'A directory administrator has disabled this account; ResetDesk does not re-enable it',
      `pwdAccountLockedTime: ${PERMANENT_LOCK}`,
      `A directory administrator has disabled ${account.dn} (pwdAccountLockedTime: ${PERMANENT_LOCK}); ResetDesk does not re-enable it`,
    );
  }

  /** Writes go only to entries under DIRECTORY_BASE_DN, whatever DN a caller hands in. */
  private requireUnderBase(account: DirectoryAccountRef): void {
    const base = normalizeDn(this.connection.config.baseDn);
    const dn = normalizeDn(account.dn);
    if (dn !== base && !dn.endsWith(`,${base}`)) {
      throw new DirectoryRefusal(
        DIRECTORY_RULES.REFUSED,
        'ResetDesk only changes accounts in the part of the directory it is configured for, and this account is outside it; ask an administrator',
        undefined,
        `ResetDesk only changes entries under DIRECTORY_BASE_DN (${this.connection.config.baseDn}); ${account.dn} is outside it`,
      );
    }
  }

  private context(actor: RefusalContext['actor'], account: DirectoryAccountRef, secrets: string[]): RefusalContext {
    return { actor, serviceDn: this.connection.config.bindDn, entryDn: account.dn, secrets };
  }
}

/** busy, unavailable, other: the server cannot serve now, which DirectoryConnection reports as an outage. */
const TRANSIENT_CODES = new Set([51, 52, 80]);
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
