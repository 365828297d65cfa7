import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { DirectoryAccountRecord, DirectoryEntryStamp } from './directory-entry';

export type SyncedStatus = 'active' | 'expired' | 'locked' | 'disabled';

/** A directory record as one row of `accounts` will hold it. */
export interface StagedAccount extends Omit<DirectoryAccountRecord, 'disabled' | 'locked'> {
  username: string;
  email: string;
  status: SyncedStatus;
}

/** An entry the sync could not write, and why, in words an administrator can act on. */
export interface SyncConflict {
  dn: string;
  username: string | null;
  reason: string;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  adopted: Array<{ accountId: number; username: string }>;
  conflicts: SyncConflict[];
}

/**
 * How long a temporary password ResetDesk sets stays valid (TEMPORARY_PASSWORD_HOURS
 * of the accounts library, which the directory library must not depend on; a
 * test keeps the two equal). The directory knows no such expiry: AD computes
 * 0 ("must change now"), ppolicy pwdChangedTime + pwdMaxAge.
 */
export const TEMPORARY_PASSWORD_WINDOW_HOURS = 24;

/** The account columns a sync writes, in the order the staging table and the upsert name them. */
const ALL_STAGED_COLUMNS = [
  'directory_id',
  'directory_dn',
  'username',
  'email',
  'display_name',
  'chat_id',
  'manager_dn',
  'privileged',
  'status',
  'must_change_password',
  'password_changed_at',
  'password_expires_at',
] as const;
type StagedColumn = (typeof ALL_STAGED_COLUMNS)[number];

const VALUE_OF: Record<StagedColumn, (row: StagedAccount) => unknown> = {
  directory_id: (row) => row.directoryId,
  directory_dn: (row) => row.dn,
  username: (row) => row.username,
  email: (row) => row.email,
  display_name: (row) => row.displayName,
  chat_id: (row) => row.chatId,
  manager_dn: (row) => row.managerDn,
  privileged: (row) => row.privileged,
  status: (row) => row.status,
  must_change_password: (row) => row.mustChange,
  password_changed_at: (row) => row.passwordChangedAt,
  password_expires_at: (row) => row.passwordExpiresAt,
};

/**
 * What this run's settings make the directory's. A column no setting maps
 * stays ResetDesk's: the sync neither stages, compares nor writes it.
 */
export interface SyncedColumns {
  /** DIRECTORY_PRIVILEGED_GROUP is set: the group owns `privileged`. Unset, an admin's flag is never touched. */
  privileged: boolean;
  /** DIRECTORY_ATTR_CHAT_ID is set: the entry's attribute is the chat id. Unset, the one an admin linked stays. */
  chatIds: boolean;
  /** DIRECTORY_ATTR_MANAGER names an attribute (the default): the entry's manager DN picks the account's manager. */
  managers: boolean;
}

const LEAVER_USERNAME = 'its username belonged to an account whose directory entry left; rename or remove the old account';
const KEY_COLUMNS = ['username', 'email', 'chat_id'] as const;

/**
 * Opens the staging area of one sync on a connection of its own (the
 * staging tables are temporary, so they live and die with it).
 */
@Injectable()
export class DirectorySyncRepository {
  constructor(private readonly dataSource: DataSource) {}

  async open(owned: SyncedColumns): Promise<DirectorySyncStaging> {
    const runner = this.dataSource.createQueryRunner();
    const columns = ALL_STAGED_COLUMNS.filter(
      (column) =>
        (column !== 'privileged' || owned.privileged) &&
        (column !== 'chat_id' || owned.chatIds) &&
        (column !== 'manager_dn' || owned.managers),
    );
    try {
      await DirectorySyncStaging.prepare(runner, columns);
      return new DirectorySyncStaging(runner, columns);
    } catch (error) {
      await runner.release();
      throw error;
    }
  }
}

/**
 * Where a sync writes the directory into `accounts`, batch by batch, and
 * asks the database — never a string comparison in memory — which entries
 * collide with other accounts (utf8mb4_unicode_ci folds case, accents and
 * width, exactly as the unique indexes do).
 *
 * `directory_sync_seen` holds every id the directory has now (one row per
 * entry, on disk, so memory stays flat however large the directory);
 * `directory_sync_batch` holds the page at hand, with the unique keys of
 * accounts, so two entries of one page the database takes for equal are
 * caught at staging. MySQL lets a query name a temporary table only once;
 * every query here respects that.
 */
export class DirectorySyncStaging {
  /** Columns whose difference makes a row "updated" (directory_dn too: a move or rename is a change). */
  private readonly compared: StagedColumn[];

  constructor(
    private readonly runner: QueryRunner,
    private readonly columns: readonly StagedColumn[],
  ) {
    this.compared = columns.filter((column) => column !== 'directory_id');
  }

  static async prepare(runner: QueryRunner, columns: readonly StagedColumn[]): Promise<void> {
    const existing: Array<{ name: string; type: string; charset: string | null; collation: string | null }> = await runner.query(
      `SELECT column_name AS name, column_type AS type, character_set_name AS charset, collation_name AS collation
         FROM information_schema.columns
        WHERE table_schema = DATABASE() AND table_name = 'accounts' AND column_name IN (?)`,
      [ALL_STAGED_COLUMNS],
    );
    const definition = new Map(
      existing.map((column) => [
        column.name.toLowerCase(),
        `${column.type}${column.collation ? ` CHARACTER SET ${column.charset} COLLATE ${column.collation}` : ''}`,
      ]),
    );
    await runner.query('DROP TEMPORARY TABLE IF EXISTS directory_sync_seen, directory_sync_batch');
    await runner.query(
      `CREATE TEMPORARY TABLE directory_sync_seen (directory_id ${definition.get('directory_id')} NOT NULL PRIMARY KEY, privileged TINYINT(1) NULL)`,
    );
    await runner.query(
      `CREATE TEMPORARY TABLE directory_sync_batch (
         ${columns.map((column) => `${column} ${definition.get(column)} ${column === 'directory_id' ? 'NOT NULL PRIMARY KEY' : 'NULL'}`).join(',\n')},
         UNIQUE KEY (username), UNIQUE KEY (email)${columns.includes('chat_id') ? ', UNIQUE KEY (chat_id)' : ''})`,
    );
  }

  /** Records ids (and group membership) of the id-only pass. */
  async addSeen(stamps: DirectoryEntryStamp[]): Promise<void> {
    if (stamps.length === 0) return;
    await this.runner.query(
      `INSERT IGNORE INTO directory_sync_seen (directory_id, privileged) VALUES ${stamps.map(() => '(?, ?)').join(', ')}`,
      stamps.flatMap((stamp) => [stamp.directoryId, stamp.privileged]),
    );
  }

  async seenCount(): Promise<number> {
    const [row]: Array<{ total: string | number }> = await this.runner.query('SELECT COUNT(*) AS total FROM directory_sync_seen');
    return Number(row?.total ?? 0);
  }

  async directoryAccountCount(): Promise<number> {
    const [row]: Array<{ total: string | number }> = await this.runner.query(
      "SELECT COUNT(*) AS total FROM accounts WHERE directory_id IS NOT NULL AND status <> 'disabled'",
    );
    return Number(row?.total ?? 0);
  }

  /** How many directory accounts `disableLeavers` would disable now. */
  async leaverCount(): Promise<number> {
    const [row]: Array<{ total: string | number }> = await this.runner.query(
      `SELECT COUNT(*) AS total FROM accounts a LEFT JOIN directory_sync_seen s ON s.directory_id = a.directory_id
        WHERE a.directory_id IS NOT NULL AND a.status <> 'disabled' AND s.directory_id IS NULL`,
    );
    return Number(row?.total ?? 0);
  }

  /** Disables (never deletes) the directory accounts whose entry the directory no longer has; their tickets and history stay. */
  async disableLeavers(now: Date): Promise<number> {
    await this.runner.startTransaction();
    try {
      const result: { affectedRows: number } = await this.runner.query(
        `UPDATE accounts a SET a.status = 'disabled', a.updated_at = ?
          WHERE a.directory_id IS NOT NULL AND a.status <> 'disabled'
            AND NOT EXISTS (SELECT 1 FROM directory_sync_seen s WHERE s.directory_id = a.directory_id)`,
        [now],
      );
      await this.revokeCredentialsOfDisabled(now);
      await this.runner.commitTransaction();
      return result.affectedRows;
    } catch (error) {
      await this.runner.rollbackTransaction();
      throw error;
    }
  }

  /**
   * What disabling by hand revokes (AccountsService's listeners, which the
   * worker does not run), for the accounts this run disabled (their
   * updated_at is the run's): unused reset links, open ticket codes and
   * forgot-password codes. Otherwise a link sent before a leaver left would
   * work again the day the directory enables the account once more.
   */
  private async revokeCredentialsOfDisabled(now: Date): Promise<void> {
    const disabledNow = "a.status = 'disabled' AND a.directory_id IS NOT NULL AND a.updated_at = ?";
    await this.runner.query(
      `UPDATE reset_tokens t JOIN accounts a ON a.id = t.account_id SET t.revoked_at = ? WHERE ${disabledNow} AND t.used_at IS NULL AND t.revoked_at IS NULL`,
      [now, now],
    );
    await this.runner.query(
      `UPDATE verification_challenges c JOIN accounts a ON a.id = c.account_id SET c.status = 'superseded' WHERE ${disabledNow} AND c.status = 'pending'`,
      [now],
    );
    await this.runner.query(
      `UPDATE self_service_codes c JOIN accounts a ON a.id = c.account_id SET c.status = 'superseded' WHERE ${disabledNow} AND c.status = 'pending'`,
      [now],
    );
  }

  /**
   * Group membership changes touch the group, not the member, so an
   * incremental read never sees them: every run with a group configured
   * sets `privileged` from the id-only pass. Without one the flag is the
   * admins' (set by hand, or kept from a local account the sync adopted).
   */
  async applyPrivileged(now: Date): Promise<number> {
    if (!this.columns.includes('privileged')) return 0;
    const result: { affectedRows: number } = await this.runner.query(
      `UPDATE accounts a JOIN directory_sync_seen s ON s.directory_id = a.directory_id
          SET a.privileged = s.privileged, a.updated_at = ?
        WHERE a.privileged <> s.privileged`,
      [now],
    );
    return result.affectedRows;
  }

  /**
   * Points each directory account at the account synced from its entry's manager DN (equal as the column's collation
   * compares them), or at none when that entry is not an account here (outside the base or the filter). Every run,
   * after the entries are written: a manager who arrives later is linked then. Returns how many accounts changed.
   */
  async linkManagers(now: Date): Promise<number> {
    if (!this.columns.includes('manager_dn')) return 0;
    const result: { affectedRows: number } = await this.runner.query(
      `UPDATE accounts a
         LEFT JOIN accounts m ON m.directory_dn = a.manager_dn AND m.directory_id IS NOT NULL AND m.id <> a.id
          SET a.manager_account_id = m.id, a.updated_at = ?
        WHERE a.directory_id IS NOT NULL AND NOT (a.manager_account_id <=> m.id)`,
      [now],
    );
    return result.affectedRows;
  }

  /**
   * Writes one page: stages it, links local accounts of the same username,
   * leaves out entries that collide with another account, counts what will
   * change, then upserts on directory_id in one statement. All in one
   * transaction: a page is written whole or not at all.
   */
  async writeBatch(rows: StagedAccount[], now: Date): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { created: 0, updated: 0, unchanged: 0, adopted: [], conflicts: [] };
    if (rows.length === 0) return outcome;
    // Emptied before the transaction: TRUNCATE is far cheaper than DELETE, and a temporary table's rows need no rollback.
    await this.runner.query('TRUNCATE TABLE directory_sync_batch');
    await this.runner.startTransaction();
    try {
      const inserted: { affectedRows: number } = await this.runner.query(
        `INSERT IGNORE INTO directory_sync_batch (${this.columns.join(', ')}) VALUES ${rows.map(() => `(${this.columns.map(() => '?').join(', ')})`).join(', ')}`,
        rows.flatMap((row) => this.columns.map((column) => VALUE_OF[column](row))),
      );
      if (inserted.affectedRows < rows.length) outcome.conflicts.push(...(await this.sameWithinPage(rows)));
      const { adoptions, conflicts } = await this.matchOtherAccounts();
      outcome.conflicts.push(...conflicts);
      outcome.adopted = await this.adopt(adoptions, now);
      await this.keepTemporaryExpiry(now);
      const counts = await this.classify();
      outcome.created = counts.created;
      outcome.unchanged = counts.unchanged;
      outcome.updated = counts.total - counts.created - counts.unchanged;
      await this.upsert(now);
      await this.revokeCredentialsOfDisabled(now);
      await this.runner.commitTransaction();
      return outcome;
    } catch (error) {
      await this.runner.rollbackTransaction();
      throw error;
    }
  }

  /** Rows INSERT IGNORE left out: their username, email or chat id equals an earlier row's of the page as the unique keys compare. */
  private async sameWithinPage(rows: StagedAccount[]): Promise<SyncConflict[]> {
    const staged: Array<{ id: string }> = await this.runner.query('SELECT directory_id AS id FROM directory_sync_batch');
    const kept = new Set(staged.map((row) => row.id));
    const conflicts: SyncConflict[] = [];
    for (const row of rows.filter((candidate) => !kept.has(candidate.directoryId))) {
      const values = { username: row.username, email: row.email, chat_id: row.chatId };
      let reason = "its username, email or chat id is the same as another entry's (as the database compares them)";
      for (const column of KEY_COLUMNS) {
        if (values[column] === null || !this.columns.includes(column)) continue;
        const [other]: Array<{ dn: string }> = await this.runner.query(
          `SELECT directory_dn AS dn FROM directory_sync_batch WHERE ${column} = ? LIMIT 1`,
          [values[column]],
        );
        if (!other) continue;
        reason = `its ${column === 'chat_id' ? 'chat id' : column} is the same as ${other.dn}'s (as the database compares them)`;
        break;
      }
      conflicts.push({ dn: row.dn, username: row.username, reason });
    }
    return conflicts;
  }

  /**
   * The accounts other than its own whose username, email or chat id the
   * database takes for a staged entry's. By username, a local account
   * becomes the entry's account (adopted) unless the entry already has one;
   * a directory account whose entry has left is never adopted (the new
   * entry may be someone else), it stays disabled. Any other match is a
   * conflict, and the entry leaves the page. One query per key; the
   * usual page matches nothing.
   */
  private async matchOtherAccounts(): Promise<{ adoptions: Map<string, number>; conflicts: SyncConflict[] }> {
    // A LEFT JOIN, not NOT EXISTS: the optimizer would materialise the whole seen table for every page.
    const byUsername: Array<{
      id: string;
      dn: string;
      username: string;
      accountId: string | number;
      other: string;
      otherLocal: number;
      otherGone: number;
      hasAccount: number;
    }> = await this.runner.query(
      `SELECT b.directory_id AS id, b.directory_dn AS dn, b.username, a.id AS accountId, a.username AS other,
                a.directory_id IS NULL AS otherLocal, s.directory_id IS NULL AS otherGone,
                EXISTS (SELECT 1 FROM accounts x WHERE x.directory_id = b.directory_id) AS hasAccount
           FROM directory_sync_batch b
           JOIN accounts a ON a.username = b.username
           LEFT JOIN directory_sync_seen s ON s.directory_id = a.directory_id
          WHERE NOT (a.directory_id <=> b.directory_id)`,
    );
    const adoptions = new Map<string, number>();
    const conflicts = new Map<string, SyncConflict>();
    const taken = (row: { id: string; dn: string; username: string; other: string; otherLocal: number }, what: string) =>
      conflicts.set(row.id, {
        dn: row.dn,
        username: row.username,
        reason: `its ${what} is taken by ${Number(row.otherLocal) ? 'local' : 'directory'} account "${row.other}" (as the database compares them)`,
      });
    for (const row of byUsername) {
      if (Number(row.otherLocal) && !Number(row.hasAccount)) adoptions.set(row.id, Number(row.accountId));
      // A new id under a leaver's username is a new hire as often as an entry deleted and added again: the directory cannot
      // tell which, and handing a leaver's tickets and history to someone else is the worse mistake. An admin decides.
      else if (Number(row.otherGone)) conflicts.set(row.id, { dn: row.dn, username: row.username, reason: LEAVER_USERNAME });
      else taken(row, 'username');
    }
    for (const column of KEY_COLUMNS.filter((key) => key !== 'username' && this.columns.includes(key))) {
      const found: Array<{ id: string; dn: string; username: string; accountId: string | number; other: string; otherLocal: number }> =
        await this.runner.query(
          `SELECT b.directory_id AS id, b.directory_dn AS dn, b.username, a.id AS accountId, a.username AS other, a.directory_id IS NULL AS otherLocal
           FROM directory_sync_batch b JOIN accounts a ON a.${column} = b.${column}
          WHERE NOT (a.directory_id <=> b.directory_id)`,
        );
      for (const row of found) {
        // The account it adopts may keep its address; any other account's is taken.
        if (conflicts.has(row.id) || adoptions.get(row.id) === Number(row.accountId)) continue;
        taken(row, column === 'chat_id' ? 'chat id' : column);
      }
    }
    for (const id of conflicts.keys()) adoptions.delete(id);
    if (conflicts.size > 0) await this.runner.query('DELETE FROM directory_sync_batch WHERE directory_id IN (?)', [[...conflicts.keys()]]);
    return { adoptions, conflicts: [...conflicts.values()] };
  }

  /** Links adopted accounts to their entries; a directory account keeps no local password hash, nor a history of them. */
  private async adopt(adoptions: Map<string, number>, now: Date): Promise<Array<{ accountId: number; username: string }>> {
    if (adoptions.size === 0) return [];
    const ids = [...adoptions.values()];
    const accounts: Array<{ id: string | number; username: string }> = await this.runner.query(
      'SELECT id, username FROM accounts WHERE id IN (?)',
      [ids],
    );
    for (const [directoryId, accountId] of adoptions) {
      await this.runner.query('UPDATE accounts SET directory_id = ?, password_hash = NULL, updated_at = ? WHERE id = ?', [
        directoryId,
        now,
        accountId,
      ]);
    }
    await this.runner.query('DELETE FROM password_history WHERE account_id IN (?)', [ids]);
    return accounts.map((row) => ({ accountId: Number(row.id), username: row.username }));
  }

  /**
   * A temporary password set here expires after the window, whatever the
   * directory computes: while the directory still says "must change"
   * (pwdReset / pwdLastSet=0) and the account holds such a password (must
   * change, an expiry within the window from now), its expiry stays ours —
   * and a window that has passed makes the account expired.
   */
  private async keepTemporaryExpiry(now: Date): Promise<void> {
    await this.runner.query(
      `UPDATE directory_sync_batch b JOIN accounts a ON a.directory_id = b.directory_id
          SET b.password_expires_at = a.password_expires_at,
              b.status = IF(b.status = 'active' AND a.password_expires_at <= ?, 'expired', b.status)
        WHERE b.must_change_password = 1 AND a.must_change_password = 1
          AND a.password_expires_at IS NOT NULL AND a.password_expires_at <= ?`,
      [now, new Date(now.getTime() + TEMPORARY_PASSWORD_WINDOW_HOURS * 3_600_000)],
    );
  }

  private async classify(): Promise<{ total: number; created: number; unchanged: number }> {
    // Byte comparison: a mail that only changed case is a change to write.
    const same = this.compared.map((column) => `CAST(a.${column} AS BINARY) <=> CAST(b.${column} AS BINARY)`).join(' AND ');
    const [row]: Array<{ total: string | number; created: string | number; unchanged: string | number }> = await this.runner.query(
      `SELECT COUNT(*) AS total, SUM(a.id IS NULL) AS created, SUM(a.id IS NOT NULL AND ${same} AND a.password_hash IS NULL) AS unchanged
         FROM directory_sync_batch b LEFT JOIN accounts a ON a.directory_id = b.directory_id`,
    );
    return { total: Number(row?.total ?? 0), created: Number(row?.created ?? 0), unchanged: Number(row?.unchanged ?? 0) };
  }

  /**
   * One INSERT … ON DUPLICATE KEY UPDATE for the page, keyed by
   * directory_id (the page holds no row that matches another account on
   * another unique key: those were taken out above). MySQL and MariaDB
   * apply the assignments left to right, so updated_at and password_version
   * compare against the row as it was before the others change it.
   */
  private async upsert(now: Date): Promise<void> {
    // Target columns are qualified: the SELECT's table has the same names.
    const changed = this.compared
      .map((column) => `NOT (CAST(accounts.${column} AS BINARY) <=> CAST(VALUES(${column}) AS BINARY))`)
      .join(' OR ');
    await this.runner.query(
      `INSERT INTO accounts (${this.columns.join(', ')}, password_version, directory_synced_at, created_at, updated_at)
       SELECT ${this.columns.map((column) => `b.${column}`).join(', ')}, 0, ?, ?, ? FROM directory_sync_batch b
       ON DUPLICATE KEY UPDATE
         accounts.updated_at = IF(${changed} OR accounts.password_hash IS NOT NULL, VALUES(updated_at), accounts.updated_at),
         accounts.password_version = IF(accounts.password_changed_at <=> VALUES(password_changed_at), accounts.password_version, accounts.password_version + 1),
         ${this.compared.map((column) => `accounts.${column} = VALUES(${column})`).join(',\n         ')},
         accounts.password_hash = NULL,
         accounts.directory_synced_at = VALUES(directory_synced_at)`,
      [now, now, now],
    );
  }

  async close(): Promise<void> {
    try {
      await this.runner.query('DROP TEMPORARY TABLE IF EXISTS directory_sync_seen, directory_sync_batch');
    } finally {
      await this.runner.release();
    }
  }
}
