import { Inject, Injectable, Logger } from '@nestjs/common';
import { AccountsRepository, ExpiringAccount, ExpiryCursor } from '@resetdesk/accounts';
import { AuditAction, AuditRecorder, SYSTEM_ACTOR } from '@resetdesk/audit';
import { Clock, remindersConfig, RemindersConfigType, retryOnDeadlock } from '@resetdesk/core';
import { OutboxService } from '@resetdesk/mail';
import { PoliciesService } from '@resetdesk/policies';
import { DataSource } from 'typeorm';
import { catchUpDaysSince, dueDayRanges, dueMilestone, reminderKeyPrefix } from './milestones';
import { ReminderCalendar } from './reminder-calendar';
import { ReminderCounts, ReminderRunTrigger } from './reminder-run.entity';
import { ReminderRunsRepository } from './reminder-runs.repository';
import { ReminderErrorCode, ReminderException } from './reminder.exception';

export interface ScanRequest {
  /** YYYY-MM-DD in REMINDER_TZ; default: today there. Never a future day. */
  date?: string;
  trigger: ReminderRunTrigger;
}

export interface ScanSummary extends ReminderCounts {
  runId: number;
  date: string;
  timeZone: string;
  catchUpDays: number;
  durationMs: number;
}

interface ReminderSchedules {
  byPolicyId: Map<number, number[]>;
  defaultPolicyId: number | null;
}

/**
 * The daily password-expiry scan (SPEC §5.4). It expires the passwords
 * whose day has come, then reads — in keyset pages, so memory stays flat —
 * only the accounts on a milestone day and writes their reminders to the
 * outbox in one multi-row insert per page. The dedupe key (account,
 * password version, milestone) makes a second run, a retried page or two
 * scans at once write each reminder once; a new password has a new version,
 * so its cycle starts fresh.
 */
@Injectable()
export class ReminderScanService {
  private readonly logger = new Logger(ReminderScanService.name);

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly policies: PoliciesService,
    private readonly outbox: OutboxService,
    private readonly runs: ReminderRunsRepository,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(remindersConfig.KEY) private readonly config: RemindersConfigType,
  ) {}

  /** The calendar of `date`, or of today in REMINDER_TZ; a future or impossible date is refused. */
  calendarFor(date?: string): ReminderCalendar {
    const today = ReminderCalendar.at(this.clock.now(), this.config.timeZone);
    if (date === undefined) return today;
    const calendar = ReminderCalendar.parse(date, this.config.timeZone);
    if (!calendar) throw new ReminderException(ReminderErrorCode.InvalidDate, `The date must be a real day as YYYY-MM-DD (got "${date}")`);
    if (calendar.date > today.date) {
      throw new ReminderException(
        ReminderErrorCode.FutureDate,
        `Cannot scan for ${calendar.date}: it is still ${today.date} in ${this.config.timeZone}`,
      );
    }
    return calendar;
  }

  async run(request: ScanRequest): Promise<ScanSummary> {
    const started = Date.now();
    const calendar = this.calendarFor(request.date);
    const schedules = await this.policies.reminderSchedules();
    const allDays = [...schedules.byPolicyId.values()].flat();
    const lastDate = await this.runs.lastCompletedDateBefore(calendar.date);
    const catchUpDays = catchUpDaysSince(lastDate ? calendar.daysSince(lastDate) : null, Math.max(0, ...allDays));
    const runId = await this.runs.start(
      { runDate: calendar.date, timeZone: calendar.timeZone, triggeredBy: request.trigger, catchUpDays },
      this.clock.now(),
    );
    const counts: ReminderCounts = { scanned: 0, queued: 0, duplicates: 0, expired: 0 };
    try {
      counts.expired = await this.expireDuePasswords(calendar, runId);
      for (const [from, to] of dueDayRanges(allDays, catchUpDays)) {
        await this.queueReminders(calendar, from, to, schedules, catchUpDays, counts);
      }
      const summary: ScanSummary = {
        runId,
        date: calendar.date,
        timeZone: calendar.timeZone,
        catchUpDays,
        ...counts,
        durationMs: Date.now() - started,
      };
      await this.dataSource.transaction(async (manager) => {
        await this.runs.complete(manager, runId, counts, this.clock.now());
        // One event per scan, not per email: each email's delivery is recorded by the mail worker.
        await this.audit.record(manager, {
          actor: SYSTEM_ACTOR,
          action: AuditAction.ReminderScanCompleted,
          target: { type: 'reminder-run', id: runId },
          details: {
            date: summary.date,
            timeZone: summary.timeZone,
            trigger: request.trigger,
            catchUpDays,
            ...counts,
            durationMs: summary.durationMs,
          },
        });
      });
      this.logger.log(
        `Reminder scan for ${summary.date} (${summary.timeZone}): ${counts.scanned} scanned, ${counts.queued} queued, ${counts.duplicates} already sent, ${counts.expired} expired`,
      );
      return summary;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.runs.fail(runId, counts, reason, this.clock.now()).catch(() => undefined);
      throw error;
    }
  }

  /** Marks every active password whose expiry day has come (today or earlier) as expired, one audited page at a time. */
  private async expireDuePasswords(calendar: ReminderCalendar, runId: number): Promise<number> {
    const before = calendar.dayStart(1);
    let total = 0;
    for (;;) {
      const expired = await retryOnDeadlock(() =>
        this.dataSource.transaction(async (manager) => {
          const page = await this.accounts.expireDue(manager, before, this.config.batchSize, this.clock.now());
          await this.audit.recordMany(
            manager,
            page.map((account) => ({
              actor: SYSTEM_ACTOR,
              action: AuditAction.AccountPasswordExpired,
              target: { type: 'account', id: account.id },
              accountId: account.id,
              details: {
                username: account.username,
                passwordVersion: account.passwordVersion,
                expiresAt: account.passwordExpiresAt.toISOString(),
                reminderRun: runId,
              },
            })),
          );
          return page.length;
        }),
      );
      total += expired;
      if (expired < this.config.batchSize) return total;
    }
  }

  /** Reads the accounts expiring on days [from, to] (offsets from today) page by page and queues the reminders due. */
  private async queueReminders(
    calendar: ReminderCalendar,
    from: number,
    to: number,
    schedules: ReminderSchedules,
    catchUpDays: number,
    counts: ReminderCounts,
  ): Promise<void> {
    const start = calendar.dayStart(from);
    const end = calendar.dayStart(to + 1);
    let cursor: ExpiryCursor | null = null;
    // One page's hand-off to Redis overlaps the next page's reads and writes; never more than one, so memory stays flat.
    let handOff: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        const page: ExpiringAccount[] = await this.accounts.findExpiringPage(start, end, cursor, this.config.batchSize);
        if (page.length === 0) return;
        counts.scanned += page.length;
        const reminders = page.flatMap((account) => {
          const reminderDays = schedules.byPolicyId.get(account.policyId ?? schedules.defaultPolicyId ?? 0) ?? [];
          const daysLeft = calendar.daysUntil(account.passwordExpiresAt);
          const milestone = dueMilestone(daysLeft, reminderDays, catchUpDays);
          return milestone === null ? [] : [this.reminderFor(account, milestone, daysLeft, calendar)];
        });
        if (reminders.length > 0) {
          const ids = await retryOnDeadlock(() => this.dataSource.transaction((manager) => this.outbox.enqueueMany(manager, reminders)));
          await handOff;
          // After commit; rows a failed hand-off leaves queued are the outbox sweeper's.
          handOff = this.outbox.dispatch(ids);
          counts.queued += ids.length;
          counts.duplicates += reminders.length - ids.length;
        }
        const last = page[page.length - 1]!;
        cursor = { expiresAt: last.passwordExpiresAt, id: last.id };
        if (page.length < this.config.batchSize) return;
      }
    } finally {
      await handOff;
    }
  }

  private reminderFor(account: ExpiringAccount, milestone: number, daysLeft: number, calendar: ReminderCalendar) {
    return {
      kind: 'expiry-reminder' as const,
      to: account.email,
      accountId: account.id,
      milestone,
      dedupeKey: `${reminderKeyPrefix(account)}${milestone}`,
      data: {
        displayName: account.displayName,
        username: account.username,
        milestone,
        daysLeft,
        changedAt: account.passwordChangedAt?.toISOString() ?? null,
        expiresAt: account.passwordExpiresAt.toISOString(),
        timeZone: calendar.timeZone,
      },
    };
  }
}
