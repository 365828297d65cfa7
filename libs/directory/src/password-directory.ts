import { DirectoryKind } from '@resetdesk/core';

/** What a directory write needs to find the holder's entry. */
export interface DirectoryAccountRef {
  username: string;
  /** The entry's DN, recorded by the sync. */
  dn: string;
}

export interface DirectorySetOptions {
  /** A temporary password: the directory makes the holder change it at the next sign-in (ppolicy pwdReset, AD pwdLastSet=0). */
  temporary: boolean;
  /** Also clear a lockout, so the holder can sign in with the new password at once. */
  unlock: boolean;
}

/** One finding of a directory check: TLS, the service account's bind, the base DN, a sample search. */
export interface DirectoryCheckItem {
  name: 'connect' | 'tls' | 'bind' | 'base' | 'search' | 'password-modify' | 'privileged-group';
  ok: boolean;
  message: string;
}

/**
 * The directory people sign in with, as the flows that set passwords meet it.
 * Every method either does all of its work or throws: a `DirectoryRefusal`
 * (the directory said no: a rule the holder can act on) or a
 * `DirectoryUnavailable` (nothing was changed as far as we know: try later).
 */
export interface PasswordDirectory {
  readonly kind: Exclude<DirectoryKind, 'local'>;

  /** Sets a password as the service account: resets by link, temporary password, forgot-password, chat, admin. */
  setPassword(account: DirectoryAccountRef, password: string, options: DirectorySetOptions): Promise<void>;

  /** The holder's own change with their current password, so the directory applies its history and age rules. */
  changePassword(account: DirectoryAccountRef, currentPassword: string, newPassword: string): Promise<void>;

  /** Clears a lockout without touching the password. */
  unlock(account: DirectoryAccountRef): Promise<void>;

  /** Connection, TLS, bind, base DN and a sample search, one item each. */
  check(): Promise<DirectoryCheckItem[]>;
}

export const PASSWORD_DIRECTORY = Symbol('PASSWORD_DIRECTORY');
