import { Logger } from '@nestjs/common';
import { DirectoryConfig } from '@resetdesk/core';
import { Client, Entry, NoSuchObjectError } from 'ldapts';
import {
  DirectoryAccountRecord,
  DirectoryEntryReader,
  DirectoryEntryStamp,
  DirectoryReaderContext,
  EntryAttributes,
  mappedAttributes,
  mappedValues,
  normalizeDn,
  parseGeneralizedTime,
} from './directory-entry';
import { SyncStopped } from './sync-stopped';

/** What the sync needs of a ppolicy entry. */
interface PasswordPolicy {
  dn: string;
  /** Seconds; 0 = passwords never expire. */
  maxAge: number;
  /** Seconds; 0 = locked until an administrator unlocks. */
  lockoutDuration: number;
}

/** ppolicy's mark of an account an administrator locked for good. */
const PERMANENTLY_LOCKED = '000001010000Z';

/**
 * OpenLDAP (any RFC 4511 directory with the ppolicy overlay): entryUUID as
 * the id, privileged from the group's member / uniqueMember values (read
 * once per run), expiry as pwdChangedTime plus the pwdMaxAge of the entry's
 * pwdPolicySubentry or else of the default policy.
 */
export class LdapEntryReader implements DirectoryEntryReader {
  private readonly logger = new Logger(LdapEntryReader.name);
  readonly attributes: string[];
  readonly stampAttributes = ['entryUUID', 'modifyTimestamp'];
  readonly binaryAttributes: string[] = [];

  constructor(private readonly config: DirectoryConfig) {
    this.attributes = [
      'entryUUID',
      'modifyTimestamp',
      ...mappedAttributes(config.attributes),
      // ppolicy's state is operational: never part of "*", so asked for by name.
      'pwdChangedTime',
      'pwdPolicySubentry',
      'pwdAccountLockedTime',
      'pwdReset',
    ];
  }

  changedSinceFilter(userFilter: string, cursor: string): string {
    return `(&${userFilter}(modifyTimestamp>=${cursor}))`;
  }

  laterCursor(a: string | null, b: string | null): string | null {
    if (a === null) return b;
    if (b === null) return a;
    return (parseGeneralizedTime(a)?.getTime() ?? 0) >= (parseGeneralizedTime(b)?.getTime() ?? 0) ? a : b;
  }

  async prepare(client: Client, now: Date): Promise<DirectoryReaderContext> {
    const members = await this.privilegedMembers(client);
    const policies = new Map<string, PasswordPolicy | null>();
    const suffix = await this.suffixOf(client);
    for (const policy of await this.policiesUnder(client, suffix)) policies.set(normalizeDn(policy.dn), policy);
    const { policy: defaultPolicy, note } = await this.defaultPolicy(client, policies, suffix);
    this.logger.log(`Password expiry: ${note}`);
    const policyOf = async (dn: string | null): Promise<PasswordPolicy | null> => {
      if (dn === null) return defaultPolicy;
      const key = normalizeDn(dn);
      if (!policies.has(key)) policies.set(key, await this.readPolicy(client, dn));
      // A subentry that names no readable policy falls back to the default, as slapd does.
      return policies.get(key) ?? defaultPolicy;
    };
    return {
      notes: { expiryPolicy: note, privilegedMembers: members?.size ?? null },
      stamp: (entry) => this.stamp(entry, members),
      read: (entry) => this.read(entry, members, policyOf, now),
    };
  }

  private stamp(entry: Entry, members: Set<string> | null): DirectoryEntryStamp | null {
    const attributes = new EntryAttributes(entry);
    const directoryId = attributes.first('entryUUID')?.toLowerCase();
    if (!directoryId) return null;
    return {
      directoryId,
      dn: entry.dn,
      privileged: members ? members.has(normalizeDn(entry.dn)) : null,
      changeStamp: attributes.first('modifyTimestamp'),
    };
  }

  private async read(
    entry: Entry,
    members: Set<string> | null,
    policyOf: (dn: string | null) => Promise<PasswordPolicy | null>,
    now: Date,
  ): Promise<DirectoryAccountRecord> {
    const attributes = new EntryAttributes(entry);
    const policy = await policyOf(attributes.first('pwdPolicySubentry'));
    const changedAt = parseGeneralizedTime(attributes.first('pwdChangedTime'));
    const lockedAt = attributes.first('pwdAccountLockedTime');
    return {
      directoryId: attributes.first('entryUUID')!.toLowerCase(),
      dn: entry.dn,
      ...mappedValues(attributes, this.config.attributes),
      privileged: members ? members.has(normalizeDn(entry.dn)) : null,
      disabled: false,
      locked: lockedAt !== null && isStillLocked(lockedAt, policy, now),
      mustChange: attributes.first('pwdReset')?.toUpperCase() === 'TRUE',
      passwordChangedAt: changedAt,
      passwordExpiresAt: changedAt && policy && policy.maxAge > 0 ? new Date(changedAt.getTime() + policy.maxAge * 1000) : null,
    };
  }

  /** Normalised member DNs of DIRECTORY_PRIVILEGED_GROUP (groupOfNames or groupOfUniqueNames); null when none is configured. */
  private async privilegedMembers(client: Client): Promise<Set<string> | null> {
    const group = this.config.privilegedGroup;
    if (!group) return null;
    try {
      const { searchEntries } = await client.search(group, {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: ['member', 'uniqueMember'],
      });
      const attributes = new EntryAttributes(searchEntries[0] ?? { dn: group });
      // uniqueMember may carry an optional UID suffix (#'0101'B) that is not part of the DN.
      const members = [
        ...attributes.strings('member'),
        ...attributes.strings('uniqueMember').map((value) => value.replace(/#'[01]*'B$/, '')),
      ];
      return new Set(members.map(normalizeDn));
    } catch (error) {
      if (error instanceof NoSuchObjectError) {
        throw new SyncStopped(
          new Error(
            `DIRECTORY_PRIVILEGED_GROUP names no entry the service account can read (${group}); fix it, or nobody would be privileged`,
          ),
        );
      }
      throw error;
    }
  }

  /** The naming context that holds the base DN (the root DSE lists them); the base's parent when the root DSE says nothing. */
  private async suffixOf(client: Client): Promise<string> {
    const base = normalizeDn(this.config.baseDn);
    const { searchEntries } = await client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['namingContexts'] });
    const contexts = new EntryAttributes(searchEntries[0] ?? { dn: '' }).strings('namingContexts');
    const holding = contexts.filter((context) => base === normalizeDn(context) || base.endsWith(`,${normalizeDn(context)}`));
    return holding.sort((a, b) => b.length - a.length)[0] ?? this.config.baseDn;
  }

  private async policiesUnder(client: Client, suffix: string): Promise<PasswordPolicy[]> {
    const { searchEntries } = await client.search(suffix, {
      scope: 'sub',
      filter: '(objectClass=pwdPolicy)',
      attributes: ['pwdMaxAge', 'pwdLockoutDuration'],
      sizeLimit: 100,
    });
    return searchEntries.map(policyFrom);
  }

  private async readPolicy(client: Client, dn: string): Promise<PasswordPolicy | null> {
    try {
      const { searchEntries } = await client.search(dn, {
        scope: 'base',
        filter: '(objectClass=pwdPolicy)',
        attributes: ['pwdMaxAge', 'pwdLockoutDuration'],
      });
      return searchEntries[0] ? policyFrom(searchEntries[0]) : null;
    } catch (error) {
      if (error instanceof NoSuchObjectError) return null;
      throw error;
    }
  }

  /**
   * slapd's ppolicy_default lives in its configuration, which LDAP clients
   * cannot read: DIRECTORY_PASSWORD_POLICY_DN names it, else the only
   * pwdPolicy entry under the suffix is taken for it. Several and none
   * configured: no default expiry (said in the log and the run's audit).
   */
  private async defaultPolicy(
    client: Client,
    known: Map<string, PasswordPolicy | null>,
    suffix: string,
  ): Promise<{ policy: PasswordPolicy | null; note: string }> {
    const configured = this.config.passwordPolicyDn;
    if (configured) {
      const policy = known.get(normalizeDn(configured)) ?? (await this.readPolicy(client, configured));
      if (!policy)
        throw new SyncStopped(
          new Error(`DIRECTORY_PASSWORD_POLICY_DN names no pwdPolicy entry the service account can read (${configured})`),
        );
      return { policy, note: `default policy ${policy.dn} (DIRECTORY_PASSWORD_POLICY_DN), pwdMaxAge ${policy.maxAge} s` };
    }
    const found = [...known.values()].filter((policy): policy is PasswordPolicy => policy !== null);
    if (found.length === 1)
      return {
        policy: found[0]!,
        note: `default policy ${found[0]!.dn} (the only pwdPolicy under ${suffix}), pwdMaxAge ${found[0]!.maxAge} s`,
      };
    if (found.length === 0)
      return { policy: null, note: `no pwdPolicy entry under ${suffix}: passwords without a pwdPolicySubentry never expire` };
    return {
      policy: null,
      note: `${found.length} pwdPolicy entries under ${suffix} (${found.map((policy) => policy.dn).join('; ')}): set DIRECTORY_PASSWORD_POLICY_DN to the default one; until then passwords without a pwdPolicySubentry never expire`,
    };
  }
}

function policyFrom(entry: Entry): PasswordPolicy {
  const attributes = new EntryAttributes(entry);
  return {
    dn: entry.dn,
    maxAge: Number(attributes.first('pwdMaxAge') ?? 0) || 0,
    lockoutDuration: Number(attributes.first('pwdLockoutDuration') ?? 0) || 0,
  };
}

/** ppolicy keeps pwdAccountLockedTime after a timed lockout ends (until the next bind): locked only within the window, or for good. */
function isStillLocked(lockedAt: string, policy: PasswordPolicy | null, now: Date): boolean {
  if (lockedAt === PERMANENTLY_LOCKED || !policy || policy.lockoutDuration === 0) return true;
  const since = parseGeneralizedTime(lockedAt);
  return since === null || since.getTime() + policy.lockoutDuration * 1000 > now.getTime();
}
