import type { DirectoryAttributeMap } from '@resetdesk/core';
import type { Client, Entry } from 'ldapts';

/** One directory entry as the sync writes it into `accounts`. */
export interface DirectoryAccountRecord {
  /** entryUUID (LDAP) or objectGUID as a lowercase canonical GUID (AD): stable across renames and moves. */
  directoryId: string;
  dn: string;
  /** Null when the entry lacks the attribute: the sync skips it as a conflict with that reason. */
  username: string | null;
  email: string | null;
  displayName: string;
  chatId: string | null;
  /** The manager's DN as the directory has it; accounts have no column for it yet, so it is read but not stored. */
  managerDn: string | null;
  /** Member of DIRECTORY_PRIVILEGED_GROUP; null when no group is configured (then the sync leaves the flag alone). */
  privileged: boolean | null;
  /** AD userAccountControl ACCOUNTDISABLE. */
  disabled: boolean;
  locked: boolean;
  /** A temporary password: AD pwdLastSet=0 or an expiry computed as 0; ppolicy pwdReset=TRUE. */
  mustChange: boolean;
  passwordChangedAt: Date | null;
  /** Null: never expires (or must change now, which `mustChange` says). */
  passwordExpiresAt: Date | null;
}

/** What the id-only pass reads of each entry: enough to find leavers and group changes and to place the next cursor. */
export interface DirectoryEntryStamp {
  directoryId: string;
  dn: string;
  /** Null when no group is configured. */
  privileged: boolean | null;
  /** modifyTimestamp (LDAP, GeneralizedTime) or uSNChanged (AD), compared by `laterCursor`. */
  changeStamp: string | null;
}

/**
 * Turns entries of one directory kind into records. `prepare` runs once per
 * sync, on the sync's own connection, to read what every entry shares (the
 * privileged group's members, the password policies); after it, reading an
 * entry needs no further directory request except the first sight of a
 * per-entry policy.
 */
export interface DirectoryEntryReader {
  /** Attributes the full read asks for (constructed ones by name: they are never in `*`). */
  readonly attributes: string[];
  /** Attributes of the id-only pass. */
  readonly stampAttributes: string[];
  /** Attributes to request as Buffers. */
  readonly binaryAttributes: string[];
  prepare(client: Client, now: Date): Promise<DirectoryReaderContext>;
  /** The filter of an incremental read: the user filter and "changed since `cursor`". */
  changedSinceFilter(userFilter: string, cursor: string): string;
  /** The later of two change stamps (GeneralizedTime strings compare as text once normalised; USNs as numbers). */
  laterCursor(a: string | null, b: string | null): string | null;
}

export interface DirectoryReaderContext {
  read(entry: Entry, client: Client): Promise<DirectoryAccountRecord>;
  stamp(entry: Entry): DirectoryEntryStamp | null;
  /** Facts worth a log line and the run's audit details (e.g. which password policy applied by default). */
  notes: Record<string, unknown>;
}

/** Case-insensitive access to an entry's attributes (servers answer in their own spelling). */
export class EntryAttributes {
  private readonly byName = new Map<string, Entry[string]>();

  constructor(readonly entry: Entry) {
    for (const [name, value] of Object.entries(entry)) this.byName.set(name.toLowerCase(), value);
  }

  get dn(): string {
    return this.entry.dn;
  }

  values(name: string | undefined): Array<string | Buffer> {
    if (!name) return [];
    const value = this.byName.get(name.toLowerCase());
    if (value === undefined) return [];
    return Array.isArray(value) ? value : [value];
  }

  first(name: string | undefined): string | null {
    const [value] = this.values(name);
    if (value === undefined) return null;
    const text = (Buffer.isBuffer(value) ? value.toString('utf8') : value).trim();
    return text === '' ? null : text;
  }

  buffer(name: string): Buffer | null {
    const [value] = this.values(name);
    if (value === undefined) return null;
    return Buffer.isBuffer(value) ? value : Buffer.from(value, 'binary');
  }

  strings(name: string | undefined): string[] {
    return this.values(name).map((value) => (Buffer.isBuffer(value) ? value.toString('utf8') : value));
  }
}

/** DNs compared the way servers mostly mean them: case-insensitive, no spaces around separators. */
export function normalizeDn(dn: string): string {
  return dn
    .trim()
    .replace(/\s*([,=+])\s*/g, '$1')
    .toLowerCase();
}

/** RFC 4517 GeneralizedTime (20261201121314Z, 20261201121314.123Z, with an offset) → Date; null when unreadable. */
export function parseGeneralizedTime(value: string | null): Date | null {
  if (!value) return null;
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)$/.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute = '00', second = '00', fraction = '0', zone] = match;
  // Year 0000 is ppolicy's "locked for good" marker, not a time (and Date.UTC would read it as 1900).
  if (Number(year) === 0) return null;
  const ms = Math.round(Number(`0.${fraction}`) * 1000);
  let time = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), ms);
  if (zone !== 'Z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    const offsetMinutes = Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(3, 5) || '0');
    time -= sign * offsetMinutes * 60_000;
  }
  return Number.isNaN(time) ? null : new Date(time);
}

/** The AD GUID byte order: the first three groups are little-endian. */
export function guidToString(bytes: Buffer): string {
  if (bytes.length !== 16) throw new Error(`objectGUID must be 16 bytes (got ${bytes.length})`);
  const hex = (start: number, end: number, reverse: boolean) => {
    const part = bytes.subarray(start, end);
    return Buffer.from(reverse ? [...part].reverse() : part).toString('hex');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`;
}

/** 100 ns intervals since 1601-01-01 (Windows FILETIME), as in pwdLastSet and msDS-UserPasswordExpiryTimeComputed. */
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000n;
export const FILETIME_NEVER = 0x7fffffffffffffffn;

export function fileTimeToDate(value: bigint): Date | null {
  if (value <= 0n || value >= FILETIME_NEVER) return null;
  return new Date(Number(value / 10_000n - FILETIME_EPOCH_OFFSET_MS));
}

export function parseBigInt(value: string | null): bigint | null {
  if (value === null || !/^-?\d+$/.test(value)) return null;
  return BigInt(value);
}

/** An LDAP filter's assertion value with its special characters escaped (RFC 4515). */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The mapped attributes (DIRECTORY_ATTR_*) every kind of directory asks for, besides its own. */
export function mappedAttributes(map: DirectoryAttributeMap): string[] {
  return [map.username, map.email, map.displayName, ...(map.chatId ? [map.chatId] : []), ...(map.manager ? [map.manager] : [])];
}

/** An account's names, address, chat id and manager, read through the attribute map. */
export function mappedValues(
  attributes: EntryAttributes,
  map: DirectoryAttributeMap,
): Pick<DirectoryAccountRecord, 'username' | 'email' | 'displayName' | 'chatId' | 'managerDn'> {
  const username = attributes.first(map.username);
  return {
    username,
    email: attributes.first(map.email),
    displayName: attributes.first(map.displayName) ?? username ?? '',
    chatId: attributes.first(map.chatId),
    managerDn: attributes.first(map.manager),
  };
}
