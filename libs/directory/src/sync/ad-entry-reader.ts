import { DirectoryConfig } from '@resetdesk/core';
import { Client, Entry, NoSuchObjectError } from 'ldapts';
import {
  DirectoryAccountRecord,
  DirectoryEntryReader,
  DirectoryEntryStamp,
  DirectoryReaderContext,
  EntryAttributes,
  escapeFilterValue,
  FILETIME_NEVER,
  fileTimeToDate,
  guidToString,
  mappedAttributes,
  mappedValues,
  parseBigInt,
} from './directory-entry';
import { SyncStopped } from './sync-stopped';

const UF_ACCOUNTDISABLE = 0x2;
/** In msDS-User-Account-Control-Computed: locked now, the domain's lockout window taken into account. */
const UF_LOCKOUT = 0x10;
/** Transitive membership (nested groups), evaluated by the DC. */
const LDAP_MATCHING_RULE_IN_CHAIN = '1.2.840.113556.1.4.1941';
const EXPIRY_COMPUTED = 'msDS-UserPasswordExpiryTimeComputed';
const UAC_COMPUTED = 'msDS-User-Account-Control-Computed';

/**
 * Active Directory (Samba AD DC as the reference): objectGUID as the id,
 * privileged through the in-chain matching rule (nested groups count),
 * disabled from userAccountControl, locked from the computed account
 * control (so an expired lockout window is not "locked"; lockoutTime > 0
 * when the DC does not compute it), expiry from the constructed
 * msDS-UserPasswordExpiryTimeComputed, incremental by uSNChanged.
 */
export class AdEntryReader implements DirectoryEntryReader {
  readonly attributes: string[];
  readonly stampAttributes = ['objectGUID', 'uSNChanged'];
  readonly binaryAttributes = ['objectGUID'];

  constructor(private readonly config: DirectoryConfig) {
    this.attributes = [
      'objectGUID',
      'uSNChanged',
      ...mappedAttributes(config.attributes),
      'userAccountControl',
      'lockoutTime',
      'pwdLastSet',
      // Constructed attributes are only returned when asked for by name.
      EXPIRY_COMPUTED,
      UAC_COMPUTED,
    ];
  }

  changedSinceFilter(userFilter: string, cursor: string): string {
    return `(&${userFilter}(uSNChanged>=${BigInt(cursor) + 1n}))`;
  }

  laterCursor(a: string | null, b: string | null): string | null {
    if (a === null) return b;
    if (b === null) return a;
    return BigInt(a) >= BigInt(b) ? a : b;
  }

  async prepare(client: Client): Promise<DirectoryReaderContext> {
    const privileged = await this.privilegedIds(client);
    return {
      notes: { privilegedMembers: privileged?.size ?? null },
      stamp: (entry) => this.stamp(entry, privileged),
      read: async (entry) => this.read(entry, privileged),
    };
  }

  private stamp(entry: Entry, privileged: Set<string> | null): DirectoryEntryStamp | null {
    const attributes = new EntryAttributes(entry);
    const guid = attributes.buffer('objectGUID');
    if (!guid || guid.length !== 16) return null;
    const directoryId = guidToString(guid);
    return {
      directoryId,
      dn: entry.dn,
      privileged: privileged ? privileged.has(directoryId) : null,
      changeStamp: attributes.first('uSNChanged'),
    };
  }

  private read(entry: Entry, privileged: Set<string> | null): DirectoryAccountRecord {
    const attributes = new EntryAttributes(entry);
    const directoryId = guidToString(attributes.buffer('objectGUID')!);
    const control = Number(attributes.first('userAccountControl') ?? 0);
    const computedControl = attributes.first(UAC_COMPUTED);
    const pwdLastSet = parseBigInt(attributes.first('pwdLastSet'));
    const expiry = parseBigInt(attributes.first(EXPIRY_COMPUTED));
    return {
      directoryId,
      dn: entry.dn,
      ...mappedValues(attributes, this.config.attributes),
      privileged: privileged ? privileged.has(directoryId) : null,
      disabled: (control & UF_ACCOUNTDISABLE) !== 0,
      locked:
        computedControl !== null ? (Number(computedControl) & UF_LOCKOUT) !== 0 : (parseBigInt(attributes.first('lockoutTime')) ?? 0n) > 0n,
      // pwdLastSet=0 is "must change at next logon"; an expiry computed as 0 says the same.
      mustChange: pwdLastSet === 0n || expiry === 0n,
      passwordChangedAt: pwdLastSet === null ? null : fileTimeToDate(pwdLastSet),
      passwordExpiresAt: expiry === null || expiry === 0n || expiry >= FILETIME_NEVER ? null : fileTimeToDate(expiry),
    };
  }

  /** objectGUIDs of the privileged group's members at any depth: one id-only paged search, small next to the accounts. */
  private async privilegedIds(client: Client): Promise<Set<string> | null> {
    const group = this.config.privilegedGroup;
    if (!group) return null;
    // A group DN that names nothing would match nobody, silently: every privileged account would lose the flag.
    try {
      await client.search(group, {
        scope: 'base',
        filter: '(objectClass=group)',
        attributes: ['objectGUID'],
        explicitBufferAttributes: ['objectGUID'],
      });
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
    const ids = new Set<string>();
    const filter = `(&${this.config.userFilter}(memberOf:${LDAP_MATCHING_RULE_IN_CHAIN}:=${escapeFilterValue(group)}))`;
    for await (const page of client.searchPaginated(this.config.baseDn, {
      scope: 'sub',
      filter,
      attributes: ['objectGUID'],
      explicitBufferAttributes: ['objectGUID'],
      paged: { pageSize: 500 },
    })) {
      for (const entry of page.searchEntries) {
        const guid = new EntryAttributes(entry).buffer('objectGUID');
        if (guid?.length === 16) ids.add(guidToString(guid));
      }
    }
    return ids;
  }
}
