import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** One checked CSV row, ready to be written. */
export interface ImportRow {
  row: number;
  username: string;
  email: string;
  displayName: string;
  chatId: string | null;
  /** Null when the file's column is empty (or absent: then `write` keeps what the account has). */
  personalEmail: string | null;
  /** E.164; null when the column is empty (or absent: then `write` keeps what the account has). */
  phone: string | null;
  /** The manager's username; null when the column is empty (clears it) or absent (`manager` not in the file: kept). */
  manager: string | null;
  privileged: boolean;
  policyId: number | null;
  passwordChangedAt: Date | null;
  passwordExpiresAt: Date | null;
}

/** An account whose personal email an import changes: as it was, and `next`. */
export interface PersonalEmailChange {
  id: number;
  email: string;
  displayName: string;
  personalEmail: string | null;
  next: string | null;
}

/** The columns that identify an account; each has a unique index on accounts. */
export type ImportKey = 'username' | 'email' | 'chat_id';
export const IMPORT_KEYS: readonly ImportKey[] = ['username', 'email', 'chat_id'];

/** A row whose key the database finds equal to an earlier row's of the same file. */
export interface FileDuplicate {
  row: number;
  column: ImportKey;
}

/** A row whose key the database finds equal to an account's. */
export interface AccountMatch {
  row: number;
  column: ImportKey;
  accountId: number;
  accountUsername: string;
  /** The account's own spelling of the key. */
  accountValue: string;
}

const STAGED_COLUMNS = [
  'username',
  'email',
  'display_name',
  'chat_id',
  'personal_email',
  'phone',
  'privileged',
  'policy_id',
  'password_changed_at',
  'password_expires_at',
] as const;

/**
 * Opens a staging area for one import, on one connection of its own (the
 * staging tables are temporary, so they live and die with it).
 */
@Injectable()
export class AccountImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async open(): Promise<ImportStaging> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await ImportStaging.prepare(runner);
      return new ImportStaging(runner);
    } catch (error) {
      await runner.release();
      throw error;
    }
  }
}

/**
 * Where an import asks the database which of its rows clash, so that
 * conflicts are decided exactly as the unique indexes decide them (case,
 * accents, width and all), never by comparing strings in memory.
 *
 * Two temporary tables copy the key columns' types and collations from
 * accounts: `import_batch` holds the batch at hand, `import_keys` every row
 * of the file accepted so far, under the same unique keys as accounts (so a
 * row the database would take for an earlier one is refused by it). Each
 * query names a temporary table once, as MySQL requires.
 */
export class ImportStaging {
  private firstRow = 0;
  private admitted = false;

  constructor(private readonly runner: QueryRunner) {}

  static async prepare(runner: QueryRunner): Promise<void> {
    const columns: Array<{ name: string; type: string; charset: string | null; collation: string | null }> = await runner.query(
      `SELECT column_name AS name, column_type AS type, character_set_name AS charset, collation_name AS collation
         FROM information_schema.columns
        WHERE table_schema = DATABASE() AND table_name = 'accounts' AND column_name IN (?)`,
      [STAGED_COLUMNS],
    );
    const definition = new Map(
      columns.map((column) => [
        column.name.toLowerCase(),
        `${column.type}${column.collation ? ` CHARACTER SET ${column.charset} COLLATE ${column.collation}` : ''} NULL`,
      ]),
    );
    const keyColumns = IMPORT_KEYS.map((key) => `${key} ${definition.get(key)}`).join(', ');
    await runner.query('DROP TEMPORARY TABLE IF EXISTS import_keys, import_batch, import_managers');
    // Managers are linked once the whole file is in: a manager's row may come after their reports'.
    await runner.query(
      `CREATE TEMPORARY TABLE import_managers (row_no INT UNSIGNED NOT NULL PRIMARY KEY, username ${definition.get('username')}, manager ${definition.get('username')})`,
    );
    await runner.query(
      `CREATE TEMPORARY TABLE import_keys (row_no INT UNSIGNED NOT NULL PRIMARY KEY, ${keyColumns},
         UNIQUE KEY (username), UNIQUE KEY (email), UNIQUE KEY (chat_id))`,
    );
    await runner.query(
      `CREATE TEMPORARY TABLE import_batch (row_no INT UNSIGNED NOT NULL PRIMARY KEY, ${STAGED_COLUMNS.map((column) => `${column} ${definition.get(column)}`).join(', ')})`,
    );
  }

  /** Replaces the batch with `rows`. */
  async stage(rows: ImportRow[]): Promise<void> {
    await this.runner.query('TRUNCATE TABLE import_batch');
    this.firstRow = rows[0]?.row ?? 0;
    this.admitted = false;
    if (rows.length === 0) return;
    await this.runner.query(
      `INSERT INTO import_batch (row_no, ${STAGED_COLUMNS.join(', ')}) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      rows.flatMap((row) => [
        row.row,
        row.username,
        row.email,
        row.displayName,
        row.chatId,
        row.personalEmail,
        row.phone,
        row.privileged,
        row.policyId,
        row.passwordChangedAt,
        row.passwordExpiresAt,
      ]),
    );
  }

  /**
   * The accounts whose username, email or chat id the database takes for a
   * batch row's — except those an earlier row of the file went to (the
   * account of its username: an accepted row updates the account it spells
   * exactly or creates one): a row like those is a repeat within the file,
   * which `admit` reports, so a dry run (which wrote nothing) and an import
   * (which did) say the same.
   */
  async accountMatches(): Promise<AccountMatch[]> {
    const matches: AccountMatch[] = [];
    for (const column of IMPORT_KEYS) {
      const found: Array<{ row: number; id: number; username: string; value: string }> = await this.runner.query(
        `SELECT b.row_no AS \`row\`, a.id, a.username, a.${column} AS value
           FROM import_batch b JOIN accounts a ON a.${column} = b.${column}
          WHERE NOT EXISTS (SELECT 1 FROM import_keys k WHERE k.username = a.username AND k.row_no < ?)`,
        [this.firstRow],
      );
      matches.push(
        ...found.map((match) => ({
          row: Number(match.row),
          column,
          accountId: Number(match.id),
          accountUsername: match.username,
          accountValue: match.value,
        })),
      );
    }
    return matches;
  }

  /**
   * Adds `rows` of the batch, in file order, to the rows of the file
   * accepted so far; a row whose username, email or chat id the database
   * takes for an earlier accepted row's is left out and reported (so are
   * such rows among the others, which the caller refused already).
   */
  async admit(rows: number[]): Promise<FileDuplicate[]> {
    // A batch checked again (see write) starts over.
    if (this.admitted) await this.runner.query('DELETE FROM import_keys WHERE row_no >= ?', [this.firstRow]);
    this.admitted = true;
    if (rows.length === 0) return [];
    // IGNORE skips exactly the rows that break a unique key; ORDER BY makes the earlier row win.
    const inserted: { affectedRows: number } = await this.runner.query(
      'INSERT IGNORE INTO import_keys (row_no, username, email, chat_id) SELECT row_no, username, email, chat_id FROM import_batch WHERE row_no IN (?) ORDER BY row_no',
      [rows],
    );
    if (inserted.affectedRows === rows.length) return [];
    const duplicates: FileDuplicate[] = [];
    for (const column of IMPORT_KEYS) {
      const found: Array<{ row: number }> = await this.runner.query(
        `SELECT b.row_no AS \`row\` FROM import_batch b JOIN import_keys k ON k.${column} = b.${column} AND k.row_no < b.row_no`,
      );
      duplicates.push(...found.map((match) => ({ row: Number(match.row), column })));
    }
    return duplicates;
  }

  /**
   * Writes the batch in one transaction: `updates` rows into the account of
   * the same username, `creates` rows as new accounts. Plain UPDATE and
   * INSERT, never INSERT … ON DUPLICATE KEY UPDATE (which would merge a row
   * into whichever account shares any unique key): an account that appeared
   * since the check makes this fail with a duplicate-key error instead.
   * With a personal_email column, the accounts whose personal email it
   * changes go to `personalEmailChanged` first, in the same transaction
   * (their notices and audit events commit with the change).
   */
  async write(
    creates: number[],
    updates: number[],
    now: Date,
    personalEmails: { given: boolean; changed: (manager: EntityManager, changes: PersonalEmailChange[]) => Promise<void> },
    phonesGiven: boolean,
  ): Promise<void> {
    await this.runner.startTransaction();
    try {
      if (updates.length > 0) {
        if (personalEmails.given) {
          const changes: PersonalEmailChange[] = await this.runner.query(
            `SELECT a.id, a.email, a.display_name AS displayName, a.personal_email AS personalEmail, b.personal_email AS next
               FROM accounts a JOIN import_batch b ON b.username = a.username AND b.row_no IN (?)
              WHERE NOT (a.personal_email <=> b.personal_email)
              ORDER BY a.id
                FOR UPDATE`,
            [updates],
          );
          if (changes.length > 0)
            await personalEmails.changed(
              this.runner.manager,
              changes.map((change) => ({ ...change, id: Number(change.id) })),
            );
        }
        await this.runner.query(
          `UPDATE accounts a JOIN import_batch b ON b.username = a.username AND b.row_no IN (?)
              SET a.email = b.email, a.display_name = b.display_name, a.chat_id = b.chat_id, a.privileged = b.privileged, a.policy_id = b.policy_id,
                  a.personal_email = IF(?, b.personal_email, a.personal_email), a.phone = IF(?, b.phone, a.phone),
                  a.password_expires_at = IF(b.password_changed_at IS NULL, a.password_expires_at, b.password_expires_at),
                  a.password_changed_at = COALESCE(b.password_changed_at, a.password_changed_at),
                  a.updated_at = ?`,
          [updates, personalEmails.given, phonesGiven, now],
        );
      }
      if (creates.length > 0) {
        await this.runner.query(
          `INSERT INTO accounts (${STAGED_COLUMNS.join(', ')}, created_at, updated_at)
           SELECT ${STAGED_COLUMNS.join(', ')}, ?, ? FROM import_batch WHERE row_no IN (?) ORDER BY row_no`,
          [now, now, creates],
        );
      }
      await this.runner.commitTransaction();
    } catch (error) {
      await this.runner.rollbackTransaction();
      throw error;
    }
  }

  /** Accepted rows of a file with a manager column: whom each names (null: none), linked by `linkManagers` at the end. */
  async noteManagers(rows: Array<Pick<ImportRow, 'row' | 'username' | 'manager'>>): Promise<void> {
    if (rows.length === 0) return;
    await this.runner.query(
      `INSERT INTO import_managers (row_no, username, manager) VALUES ${rows.map(() => '(?, ?, ?)').join(', ')}`,
      rows.flatMap((row) => [row.row, row.username, row.manager]),
    );
  }

  /**
   * Rows naming a manager who is neither an account nor a row of the file (as the unique index compares
   * usernames), or the row's own account. With `imported`, the file's rows are accounts already.
   */
  async unknownManagers(imported: boolean): Promise<Array<{ row: number; manager: string; self: boolean }>> {
    const found: Array<{ row: number; manager: string; self: number }> = await this.runner.query(
      `SELECT im.row_no AS \`row\`, im.manager, im.manager = im.username AS self
         FROM import_managers im
         LEFT JOIN accounts a ON a.username = im.manager
         ${imported ? '' : 'LEFT JOIN import_keys k ON k.username = im.manager'}
        WHERE im.manager IS NOT NULL
          AND (im.manager = im.username OR (a.id IS NULL${imported ? '' : ' AND k.row_no IS NULL'}))
        ORDER BY im.row_no`,
    );
    return found.map((row) => ({ row: Number(row.row), manager: row.manager, self: Boolean(Number(row.self)) }));
  }

  /** Links each noted account to its manager's account (or none, for an empty cell); an unknown name changes nothing. */
  async linkManagers(now: Date): Promise<number> {
    const result: { affectedRows: number } = await this.runner.query(
      `UPDATE accounts a
         JOIN import_managers im ON im.username = a.username
         LEFT JOIN accounts m ON m.username = im.manager AND m.id <> a.id
          SET a.manager_account_id = m.id, a.updated_at = ?
        WHERE (im.manager IS NULL OR m.id IS NOT NULL) AND NOT (a.manager_account_id <=> m.id)`,
      [now],
    );
    return result.affectedRows;
  }

  async close(): Promise<void> {
    try {
      await this.runner.query('DROP TEMPORARY TABLE IF EXISTS import_keys, import_batch, import_managers');
    } finally {
      await this.runner.release();
    }
  }
}
