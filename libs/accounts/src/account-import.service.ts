import { Injectable } from '@nestjs/common';
import { AuditAction, AuditActor, AuditRecorder } from '@resetdesk/audit';
import { Clock, duplicateKeyOf, isDeadlock, RequestErrorCode, RequestException, RequestContext } from '@resetdesk/core';
import { PasswordPolicyEntity, PoliciesService } from '@resetdesk/policies';
import { CsvError, parse } from 'csv-parse';
import { isEmail } from 'class-validator';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AccountImportRepository, AccountMatch, ImportKey, ImportRow, ImportStaging } from './account-import.repository';
import { expiryOf } from './account.entity';
import { AccountErrorCode, AccountException } from './account.exception';
import { CHAT_ID, CHAT_ID_RULE } from './chat-id';
import { ContactChangeNotices } from './contact-change-notices';
import { normalizePhone, PHONE, PHONE_RULE } from './phone';

export const IMPORT_COLUMNS = [
  'username',
  'email',
  'display_name',
  'chat_id',
  'personal_email',
  'phone',
  'manager',
  'privileged',
  'policy',
  'password_changed_at',
] as const;
const REQUIRED_COLUMNS = ['username', 'email', 'display_name'];
/** The column the admin UI's file of rejected rows adds, so that file imports again once fixed. */
const IGNORED_COLUMN = 'problem';
const BATCH_SIZE = 1000;
/** The report lists at most this many row errors (the counts stay exact). */
export const MAX_REPORTED_ERRORS = 1000;
const USERNAME = /^[\p{L}\p{Nd}._@+-]{1,191}$/u;
/** How often a batch is checked and written again when an account appeared between the check and the write. */
const WRITE_TRIES = 3;
const LOOK_ALIKE = 'usernames and addresses are compared ignoring case, accents and width';

export interface RowError {
  row: number;
  column: string | null;
  reason: string;
  /** The row as the file gave it (its columns by name), for the file of rejected rows. */
  values: Record<string, string>;
}

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  failed: number;
  errors: RowError[];
  /** True when more errors happened than the report lists. */
  errorsTruncated: boolean;
  /** SHA-256 of the uploaded file (hex): a real import names the file its dry run checked (`confirm`). */
  fileSha256?: string;
  /** With a manager column: accounts whose manager the import set or cleared (a dry run: 0). */
  managersLinked: number;
  /** Rows imported without their manager: the name is no account and no row of the file, or the row's own. */
  managerProblems: Array<{ row: number; manager: string; reason: string }>;
}

/** What an upload through the API must say: a dry run, or the fingerprint of the file a dry run checked. */
export interface UploadOptions {
  dryRun: boolean;
  confirm?: string;
  actor: AuditActor;
  context: RequestContext | null;
}

/** The template admins download: the columns in order, and one row showing each format. */
export const IMPORT_TEMPLATE =
  `${IMPORT_COLUMNS.join(',')}\r\n` +
  'mlopez,mara.lopez@example.com,Mara Lopez,,,,,false,Corporate,2026-06-30\r\n' +
  'dreyes,dana.reyes@example.com,Dana Reyes,U1042,dana.home@example.net,+44 20 7946 0958,mlopez,false,Corporate,2026-06-30\r\n';

type Fail = (row: number, column: string | null, reason: string) => void;
type RowReport = Omit<RowError, 'values'>;
type PersonalEmailWrites = Parameters<ImportStaging['write']>[3];

/**
 * Streams a directory CSV into accounts: rows are parsed one at a time,
 * checked, and written by username in multi-row statements of 1,000. Bad
 * rows are reported (row number, column, reason) and skipped. Whether a
 * username, email or chat id clashes with an earlier row or with an account
 * is asked of the database (ImportStaging), so it is decided by the unique
 * indexes' own collation; a dry run takes the same path and only skips the
 * write, so both report the same.
 */
@Injectable()
export class AccountImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly staging: AccountImportRepository,
    private readonly policies: PoliciesService,
    private readonly audit: AuditRecorder,
    private readonly clock: Clock,
    private readonly contactNotices: ContactChangeNotices,
  ) {}

  /**
   * An upload from the admin UI or the API: a dry run answers the file's
   * fingerprint, and a real import needs it back as `confirm`, so a client
   * has to mean this very file — nothing is written by a stray request.
   */
  async importUpload(file: Buffer, options: UploadOptions): Promise<ImportReport> {
    // A guard against importing by accident, not a proof: a client can compute the fingerprint itself.
    const fileSha256 = createHash('sha256').update(file).digest('hex');
    if (!options.dryRun && options.confirm !== fileSha256) {
      throw new AccountException(
        AccountErrorCode.ImportNotChecked,
        options.confirm
          ? 'This is not the file the dry run checked; check this file first, then import it'
          : 'Check the file with a dry run first (dryRun=true), then import it with confirm set to the fileSha256 the dry run answered',
      );
    }
    const report = await this.import(Readable.from(file), options);
    return { ...report, fileSha256 };
  }

  async import(
    source: Readable,
    options: { dryRun: boolean; actor: AuditActor; context: RequestContext | null; onProgress?: (rows: number) => void },
  ): Promise<ImportReport> {
    const report: ImportReport = {
      dryRun: options.dryRun,
      rows: 0,
      created: 0,
      updated: 0,
      failed: 0,
      errors: [],
      errorsTruncated: false,
      managersLinked: 0,
      managerProblems: [],
    };
    const policies = await this.policiesByName();
    // The rows of the batch not yet written, as given: a rejected one goes back in the report.
    const pending = new Map<number, Record<string, string>>();
    const fail: Fail = (row, column, reason) => {
      report.failed += 1;
      if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ row, column, reason, values: pending.get(row) ?? {} });
      else report.errorsTruncated = true;
    };

    let managersGiven = false;
    let phonesGiven = false;
    // Only a file with the column sets personal emails; each change is audited and told, as an admin's edit is.
    const personalEmails: PersonalEmailWrites = {
      given: false,
      changed: async (manager, changes) => {
        const now = this.clock.now();
        for (const change of changes) {
          await this.audit.record(manager, {
            actor: options.actor,
            action: AuditAction.AccountUpdated,
            target: { type: 'account', id: change.id },
            accountId: change.id,
            context: options.context,
            details: { personalEmail: { from: change.personalEmail, to: change.next } },
          });
          await this.contactNotices.personalEmailChanged(manager, change, change.next, now, 'support');
        }
      },
    };
    // Opened before the parser starts, so nothing awaits between piping and reading (a parse error needs a listener).
    const staging = await this.staging.open();
    try {
      const parser = source.pipe(
        parse({
          columns: (header: string[]) => {
            const columns = this.checkHeader(header);
            personalEmails.given = columns.includes('personal_email');
            managersGiven = columns.includes('manager');
            phonesGiven = columns.includes('phone');
            return columns;
          },
          bom: true,
          trim: true,
          skip_empty_lines: true,
          max_record_size: 64 * 1024,
        }),
      );
      let batch: ImportRow[] = [];
      try {
        for await (const record of parser as AsyncIterable<Record<string, string>>) {
          report.rows += 1;
          // Header is line 1, so the first data row is row 2 — as a spreadsheet shows it.
          pending.set(report.rows + 1, record);
          const parsed = this.parseRow(report.rows + 1, record, policies, fail);
          if (!parsed) {
            pending.delete(report.rows + 1);
            continue;
          }
          batch.push(parsed);
          if (batch.length >= BATCH_SIZE) {
            await this.writeBatch(staging, batch, report, fail, { personalEmails, managersGiven, phonesGiven });
            batch = [];
            pending.clear();
            options.onProgress?.(report.rows);
          }
        }
      } catch (error) {
        if (error instanceof CsvError)
          throw new RequestException(RequestErrorCode.Validation, `The file is not valid CSV: ${error.message}`);
        throw error;
      }
      await this.writeBatch(staging, batch, report, fail, { personalEmails, managersGiven, phonesGiven });
      if (managersGiven) {
        report.managerProblems = (await staging.unknownManagers(!report.dryRun)).map(({ row, manager, self }) => ({
          row,
          manager,
          reason: self
            ? `an account cannot be its own manager; row ${row} was ${report.dryRun ? 'checked' : 'imported'} without one`
            : `manager "${manager}" is no account and no row of this file; row ${row} was ${report.dryRun ? 'checked' : 'imported'} without one`,
        }));
        if (!report.dryRun) report.managersLinked = await staging.linkManagers(this.clock.now());
      }
    } finally {
      await staging.close();
    }
    if (report.rows === 0) throw new RequestException(RequestErrorCode.Validation, 'The file has a header but no rows');
    report.errors.sort((a, b) => a.row - b.row);

    if (!options.dryRun) {
      await this.dataSource.transaction((manager) =>
        this.audit.record(manager, {
          actor: options.actor,
          action: AuditAction.AccountsImported,
          target: { type: 'accounts' },
          context: options.context,
          details: {
            rows: report.rows,
            created: report.created,
            updated: report.updated,
            failed: report.failed,
            managersLinked: report.managersLinked,
          },
        }),
      );
    }
    return report;
  }

  private checkHeader(header: string[]): string[] {
    const columns = header.map((column) => column.trim().toLowerCase());
    const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
    if (missing.length > 0) {
      throw new RequestException(
        RequestErrorCode.Validation,
        `The CSV header lacks the column(s) ${missing.join(', ')}; expected ${IMPORT_COLUMNS.join(',')}`,
      );
    }
    // `problem` is the column the file of rejected rows adds: it goes back in as it came out, and is not read.
    const unknown = columns.filter((column) => !(IMPORT_COLUMNS as readonly string[]).includes(column) && column !== IGNORED_COLUMN);
    if (unknown.length > 0)
      throw new RequestException(
        RequestErrorCode.Validation,
        `Unknown CSV column(s) ${unknown.join(', ')}; allowed: ${IMPORT_COLUMNS.join(', ')}`,
      );
    return columns;
  }

  private parseRow(row: number, record: Record<string, string>, policies: Map<string, PasswordPolicyEntity>, fail: Fail): ImportRow | null {
    const username = record.username ?? '';
    const email = (record.email ?? '').toLowerCase();
    const displayName = record.display_name ?? '';
    if (!USERNAME.test(username)) return (fail(row, 'username', 'username must be 1–191 letters, digits or . _ @ + -'), null);
    if (email.length > 320 || !isEmail(email)) return (fail(row, 'email', `"${email.slice(0, 80)}" is not an email address`), null);
    if (displayName.length === 0 || displayName.length > 200)
      return (fail(row, 'display_name', 'display_name must be 1–200 characters'), null);
    const chatId = record.chat_id ? record.chat_id : null;
    if (chatId && !CHAT_ID.test(chatId)) return (fail(row, 'chat_id', `chat_id ${CHAT_ID_RULE}`), null);
    const phone = record.phone ? normalizePhone(record.phone) : null;
    if (phone && !PHONE.test(phone)) return (fail(row, 'phone', `phone ${PHONE_RULE}`), null);
    const manager = record.manager ? record.manager : null;
    if (manager && !USERNAME.test(manager)) return (fail(row, 'manager', 'manager must be the username of the manager’s account'), null);
    const personalEmail = record.personal_email ? record.personal_email.toLowerCase() : null;
    if (personalEmail && (personalEmail.length > 320 || !isEmail(personalEmail)))
      return (fail(row, 'personal_email', `"${personalEmail.slice(0, 80)}" is not an email address`), null);
    if (personalEmail && personalEmail.localeCompare(email, undefined, { sensitivity: 'base' }) === 0)
      return (fail(row, 'personal_email', 'personal_email must not be the login email: it opens with the account’s own password'), null);

    const privilegedText = (record.privileged ?? '').toLowerCase();
    if (!['', 'true', 'false', 'yes', 'no', '1', '0'].includes(privilegedText))
      return (fail(row, 'privileged', 'privileged must be true or false'), null);

    let policy: PasswordPolicyEntity | undefined;
    if (record.policy) {
      policy = policies.get(record.policy.toLowerCase());
      if (!policy) return (fail(row, 'policy', `no password policy named "${record.policy.slice(0, 80)}"`), null);
    }
    let passwordChangedAt: Date | null = null;
    if (record.password_changed_at) {
      passwordChangedAt = /^\d{4}-\d{2}-\d{2}/.test(record.password_changed_at) ? new Date(record.password_changed_at) : new Date(NaN);
      if (Number.isNaN(passwordChangedAt.getTime()))
        return (fail(row, 'password_changed_at', 'password_changed_at must be an ISO date such as 2026-05-31'), null);
      if (passwordChangedAt > this.clock.now()) return (fail(row, 'password_changed_at', 'password_changed_at is in the future'), null);
    }
    const fallback = policies.get('\u0000default');
    return {
      row,
      username,
      email,
      displayName,
      chatId,
      personalEmail,
      phone,
      manager,
      privileged: ['true', 'yes', '1'].includes(privilegedText),
      policyId: policy?.id ?? null,
      passwordChangedAt,
      passwordExpiresAt: expiryOf(passwordChangedAt, (policy ?? fallback)?.maxAgeDays ?? 0),
    };
  }

  /** Name (lower-cased) → policy, plus the default under a key no name can have. */
  private async policiesByName(): Promise<Map<string, PasswordPolicyEntity>> {
    const all = await this.policies.all();
    const map = new Map(all.map((policy) => [policy.name.toLowerCase(), policy]));
    const fallback = all.find((policy) => policy.isDefault);
    if (fallback) map.set('\u0000default', fallback);
    return map;
  }

  /**
   * Refuses the rows whose username, email or chat id belongs to another
   * account or repeats an accepted earlier row of the file, then writes the
   * rest (a dry run stops before writing). Should an account appear between
   * the check and the write (another import, an admin), the write fails on
   * its unique key or as a deadlock victim, nothing of the batch is written,
   * and the batch is checked again.
   */
  private async writeBatch(
    staging: ImportStaging,
    batch: ImportRow[],
    report: ImportReport,
    fail: Fail,
    optional: { personalEmails: PersonalEmailWrites; managersGiven: boolean; phonesGiven: boolean },
  ): Promise<void> {
    if (batch.length === 0) return;
    await staging.stage(batch);
    for (let attempt = 1; ; attempt++) {
      const decision = this.decide(batch, await staging.accountMatches());
      for (const { row, column } of await staging.admit([...decision.creates, ...decision.updates])) {
        if (decision.errors.has(row)) continue;
        decision.errors.set(row, {
          row,
          column,
          reason: `duplicate ${column} ${keyOf(decision.rows.get(row)!, column)} (already earlier in the file)`,
        });
      }
      const creates = decision.creates.filter((row) => !decision.errors.has(row));
      const updates = decision.updates.filter((row) => !decision.errors.has(row));
      try {
        if (!report.dryRun) await staging.write(creates, updates, this.clock.now(), optional.personalEmails, optional.phonesGiven);
      } catch (error) {
        if (!duplicateKeyOf(error) && !isDeadlock(error)) throw error;
        if (attempt < WRITE_TRIES) continue;
        throw new AccountException(
          AccountErrorCode.Duplicate,
          `Accounts kept changing while row ${batch[0]!.row} onwards were imported; import the file again`,
        );
      }
      for (const error of [...decision.errors.values()].sort((a, b) => a.row - b.row)) fail(error.row, error.column, error.reason);
      if (optional.managersGiven) {
        const accepted = new Set([...creates, ...updates]);
        await staging.noteManagers(batch.filter((row) => accepted.has(row.row)));
      }
      report.created += creates.length;
      report.updated += updates.length;
      return;
    }
  }

  /**
   * Which rows would create an account, which would update one and which
   * are refused. A row updates the account whose username it spells
   * exactly; a username, email or chat id that the database takes for
   * another account's is that row's error (never a change to the other
   * account).
   */
  private decide(
    batch: ImportRow[],
    matches: AccountMatch[],
  ): { rows: Map<number, ImportRow>; creates: number[]; updates: number[]; errors: Map<number, RowReport> } {
    const matchesOf = new Map<number, AccountMatch[]>();
    for (const match of matches) matchesOf.set(match.row, [...(matchesOf.get(match.row) ?? []), match]);
    const errors = new Map<number, RowReport>();
    const creates: number[] = [];
    const updates: number[] = [];
    for (const row of batch) {
      const found = matchesOf.get(row.row) ?? [];
      const sameUsername = found.find((match) => match.column === 'username');
      const owner = sameUsername?.accountValue === row.username ? sameUsername.accountId : null;
      const clash = found.find((match) => match.accountId !== owner);
      if (!clash) {
        (owner === null ? creates : updates).push(row.row);
        continue;
      }
      const value = keyOf(row, clash.column)!;
      const lookAlike = clash.accountValue === value ? '' : ` (as ${clash.accountValue}: ${LOOK_ALIKE})`;
      errors.set(row.row, {
        row: row.row,
        column: clash.column,
        reason: `${clash.column} ${value} belongs to account ${clash.accountUsername}${lookAlike}`,
      });
    }
    return { rows: new Map(batch.map((row) => [row.row, row])), creates, updates, errors };
  }
}

function keyOf(row: ImportRow, column: ImportKey): string | null {
  return column === 'username' ? row.username : column === 'email' ? row.email : row.chatId;
}
