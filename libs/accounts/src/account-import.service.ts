import { Injectable } from '@nestjs/common';
import { AuditAction, AuditActor, AuditRecorder, RequestContext } from '@resetdesk/audit';
import { Clock, RequestErrorCode, RequestException } from '@resetdesk/core';
import { PasswordPolicyEntity } from '@resetdesk/policies';
import { parse } from 'csv-parse';
import { isEmail } from 'class-validator';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { expiryOf } from './account.entity';

export const IMPORT_COLUMNS = ['username', 'email', 'display_name', 'chat_id', 'privileged', 'policy', 'password_changed_at'] as const;
const REQUIRED_COLUMNS = ['username', 'email', 'display_name'];
const BATCH_SIZE = 1000;
/** The report lists at most this many row errors (the counts stay exact). */
export const MAX_REPORTED_ERRORS = 1000;
const USERNAME = /^[\p{L}\p{Nd}._@+-]{1,191}$/u;

export interface RowError {
  row: number;
  column: string | null;
  reason: string;
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
}

interface ImportRow {
  row: number;
  username: string;
  email: string;
  displayName: string;
  chatId: string | null;
  privileged: boolean;
  policyId: number | null;
  maxAgeDays: number;
  passwordChangedAt: Date | null;
}

/**
 * Streams a directory CSV into accounts: rows are parsed one at a time,
 * checked, and upserted by username in multi-row statements of 1,000. Bad
 * rows are reported (row number, column, reason) and skipped; a dry run
 * checks everything, database conflicts included, and writes nothing.
 */
@Injectable()
export class AccountImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRecorder,
    private readonly clock: Clock,
  ) {}

  async import(source: Readable, options: { dryRun: boolean; actor: AuditActor; context: RequestContext | null; onProgress?: (rows: number) => void }): Promise<ImportReport> {
    const report: ImportReport = { dryRun: options.dryRun, rows: 0, created: 0, updated: 0, failed: 0, errors: [], errorsTruncated: false };
    const policies = await this.policiesByName();
    const fail = (row: number, column: string | null, reason: string) => {
      report.failed += 1;
      if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ row, column, reason });
      else report.errorsTruncated = true;
    };

    // Duplicates within the file: a real import finds earlier rows in the database (written by this run),
    // so its memory stays flat; a dry run writes nothing and has to remember the keys it saw.
    const startedAt = this.clock.now();
    const seen = { usernames: new Set<string>(), emails: new Set<string>(), chatIds: new Set<string>() };
    const parser = source.pipe(
      parse({ columns: (header: string[]) => this.checkHeader(header), bom: true, trim: true, skip_empty_lines: true, max_record_size: 64 * 1024 }),
    );
    let batch: ImportRow[] = [];
    try {
      for await (const record of parser as AsyncIterable<Record<string, string>>) {
        report.rows += 1;
        // Header is line 1, so the first data row is row 2 — as a spreadsheet shows it.
        const row = report.rows + 1;
        const parsed = this.parseRow(row, record, policies, fail);
        if (!parsed) continue;
        const duplicate = this.duplicateIn(seen, parsed);
        if (duplicate) {
          fail(row, duplicate.column, `duplicate ${duplicate.column} ${duplicate.value} (already earlier in the file)`);
          continue;
        }
        batch.push(parsed);
        if (batch.length >= BATCH_SIZE) {
          await this.writeBatch(batch, report, fail, startedAt);
          batch = [];
          if (!options.dryRun) seen.usernames.clear(), seen.emails.clear(), seen.chatIds.clear();
          options.onProgress?.(report.rows);
        }
      }
    } catch (error) {
      if (error instanceof RequestException) throw error;
      throw new RequestException(RequestErrorCode.Validation, `The file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
    }
    await this.writeBatch(batch, report, fail, startedAt);
    if (report.rows === 0) throw new RequestException(RequestErrorCode.Validation, 'The file has a header but no rows');

    if (!options.dryRun) {
      await this.dataSource.transaction((manager) =>
        this.audit.record(manager, {
          actor: options.actor,
          action: AuditAction.AccountsImported,
          target: { type: 'accounts' },
          context: options.context,
          details: { rows: report.rows, created: report.created, updated: report.updated, failed: report.failed },
        }),
      );
    }
    return report;
  }

  /** Checks a row's keys against those seen (and remembers them); answers the clashing column. */
  private duplicateIn(seen: { usernames: Set<string>; emails: Set<string>; chatIds: Set<string> }, row: ImportRow): { column: string; value: string } | null {
    const username = row.username.toLowerCase();
    if (seen.usernames.has(username)) return { column: 'username', value: row.username };
    if (seen.emails.has(row.email)) return { column: 'email', value: row.email };
    if (row.chatId && seen.chatIds.has(row.chatId)) return { column: 'chat_id', value: row.chatId };
    seen.usernames.add(username);
    seen.emails.add(row.email);
    if (row.chatId) seen.chatIds.add(row.chatId);
    return null;
  }

  private checkHeader(header: string[]): string[] {
    const columns = header.map((column) => column.trim().toLowerCase());
    const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
    if (missing.length > 0) {
      throw new RequestException(RequestErrorCode.Validation, `The CSV header lacks the column(s) ${missing.join(', ')}; expected ${IMPORT_COLUMNS.join(',')}`);
    }
    const unknown = columns.filter((column) => !(IMPORT_COLUMNS as readonly string[]).includes(column));
    if (unknown.length > 0) throw new RequestException(RequestErrorCode.Validation, `Unknown CSV column(s) ${unknown.join(', ')}; allowed: ${IMPORT_COLUMNS.join(', ')}`);
    return columns;
  }

  private parseRow(row: number, record: Record<string, string>, policies: Map<string, PasswordPolicyEntity>, fail: (row: number, column: string | null, reason: string) => void): ImportRow | null {
    const username = record.username ?? '';
    const email = (record.email ?? '').toLowerCase();
    const displayName = record.display_name ?? '';
    if (!USERNAME.test(username)) return fail(row, 'username', 'username must be 1–191 letters, digits or . _ @ + -'), null;
    if (email.length > 320 || !isEmail(email)) return fail(row, 'email', `"${email.slice(0, 80)}" is not an email address`), null;
    if (displayName.length === 0 || displayName.length > 200) return fail(row, 'display_name', 'display_name must be 1–200 characters'), null;
    const chatId = record.chat_id ? record.chat_id : null;
    if (chatId && chatId.length > 128) return fail(row, 'chat_id', 'chat_id must be at most 128 characters'), null;

    const privilegedText = (record.privileged ?? '').toLowerCase();
    if (!['', 'true', 'false', 'yes', 'no', '1', '0'].includes(privilegedText)) return fail(row, 'privileged', 'privileged must be true or false'), null;

    let policy: PasswordPolicyEntity | undefined;
    if (record.policy) {
      policy = policies.get(record.policy.toLowerCase());
      if (!policy) return fail(row, 'policy', `no password policy named "${record.policy.slice(0, 80)}"`), null;
    }
    let passwordChangedAt: Date | null = null;
    if (record.password_changed_at) {
      passwordChangedAt = /^\d{4}-\d{2}-\d{2}/.test(record.password_changed_at) ? new Date(record.password_changed_at) : new Date(NaN);
      if (Number.isNaN(passwordChangedAt.getTime())) return fail(row, 'password_changed_at', 'password_changed_at must be an ISO date such as 2026-05-31'), null;
      if (passwordChangedAt > this.clock.now()) return fail(row, 'password_changed_at', 'password_changed_at is in the future'), null;
    }
    const fallback = policies.get('\u0000default');
    return {
      row,
      username,
      email,
      displayName,
      chatId,
      privileged: ['true', 'yes', '1'].includes(privilegedText),
      policyId: policy?.id ?? null,
      maxAgeDays: (policy ?? fallback)?.maxAgeDays ?? 0,
      passwordChangedAt,
    };
  }

  /** Name (lower-cased) → policy, plus the default under a key no name can have. */
  private async policiesByName(): Promise<Map<string, PasswordPolicyEntity>> {
    const all = await this.dataSource.getRepository(PasswordPolicyEntity).find();
    const map = new Map(all.map((policy) => [policy.name.toLowerCase(), policy]));
    const fallback = all.find((policy) => policy.isDefault);
    if (fallback) map.set('\u0000default', fallback);
    return map;
  }

  /** Refuses rows whose email or chat id belongs to another account, then upserts the rest in one statement. */
  private async writeBatch(batch: ImportRow[], report: ImportReport, fail: (row: number, column: string | null, reason: string) => void, startedAt: Date): Promise<void> {
    if (batch.length === 0) return;
    const existing: Array<{ username: string; email: string; chat_id: string | null; updated_at: Date }> = await this.dataSource.query(
      `SELECT username, email, chat_id, updated_at FROM accounts WHERE username IN (?) OR email IN (?) ${batch.some((row) => row.chatId) ? 'OR chat_id IN (?)' : ''}`,
      [batch.map((row) => row.username), batch.map((row) => row.email), batch.filter((row) => row.chatId).map((row) => row.chatId)],
    );
    // An account this run already wrote came from an earlier row of the same file.
    const thisRun = new Set(existing.filter((account) => account.updated_at >= startedAt && !report.dryRun).map((account) => account.username.toLowerCase()));
    const byUsername = new Set(existing.map((account) => account.username.toLowerCase()));
    const emailOwner = new Map(existing.map((account) => [account.email.toLowerCase(), account.username.toLowerCase()]));
    const chatOwner = new Map(existing.filter((account) => account.chat_id).map((account) => [account.chat_id!, account.username.toLowerCase()]));
    const clash = (row: ImportRow, column: string, value: string, owner: string) =>
      thisRun.has(owner)
        ? fail(row.row, column, `duplicate ${column} ${value} (already earlier in the file)`)
        : fail(row.row, column, `${column} ${value} belongs to account ${owner}`);

    const writable = batch.filter((row) => {
      const username = row.username.toLowerCase();
      if (thisRun.has(username)) return fail(row.row, 'username', `duplicate username ${row.username} (already earlier in the file)`), false;
      const emailUser = emailOwner.get(row.email);
      if (emailUser && emailUser !== username) return clash(row, 'email', row.email, emailUser), false;
      const chatUser = row.chatId ? chatOwner.get(row.chatId) : undefined;
      if (chatUser && chatUser !== username) return clash(row, 'chat_id', row.chatId!, chatUser), false;
      return true;
    });
    const updates = writable.filter((row) => byUsername.has(row.username.toLowerCase())).length;
    if (!report.dryRun && writable.length > 0) await this.upsert(writable);
    report.updated += updates;
    report.created += writable.length - updates;
  }

  private async upsert(rows: ImportRow[]): Promise<void> {
    const now = this.clock.now();
    const values = rows.flatMap((row) => [
      row.username,
      row.email,
      row.displayName,
      row.chatId,
      row.privileged,
      row.policyId,
      row.passwordChangedAt,
      expiryOf(row.passwordChangedAt, row.maxAgeDays),
      now,
      now,
    ]);
    // Upsert by username; the password itself is never imported.
    await this.dataSource.query(
      `INSERT INTO accounts (username, email, display_name, chat_id, privileged, policy_id, password_changed_at, password_expires_at, created_at, updated_at)
       VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE email = VALUES(email), display_name = VALUES(display_name), chat_id = VALUES(chat_id),
         privileged = VALUES(privileged), policy_id = VALUES(policy_id),
         password_changed_at = COALESCE(VALUES(password_changed_at), password_changed_at),
         password_expires_at = IF(VALUES(password_changed_at) IS NULL, password_expires_at, VALUES(password_expires_at)),
         updated_at = VALUES(updated_at)`,
      values,
    );
  }
}
