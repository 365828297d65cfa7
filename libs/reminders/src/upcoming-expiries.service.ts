import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AccountEntity } from '@resetdesk/accounts';
import { Clock, ListQuery, Page, remindersConfig, RemindersConfigType } from '@resetdesk/core';
import { NotificationEntity, NotificationRepository } from '@resetdesk/mail';
import { PasswordPolicyEntity, PoliciesService } from '@resetdesk/policies';
import { Repository } from 'typeorm';
import { DEFAULT_UPCOMING_DAYS, MilestoneStateDto, UpcomingExpiryDto, UpcomingExpiryFilter, upcomingExpiryListSpec } from './dto/upcoming-expiry.dto';
import { ReminderCalendar } from './reminder-calendar';

const SORT_COLUMNS: Record<string, string> = { passwordExpiresAt: 'a.password_expires_at', username: 'a.username' };

/** Accounts whose password expires within N days (from today in REMINDER_TZ), each with its reminders' state. */
@Injectable()
export class UpcomingExpiriesService {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    private readonly notifications: NotificationRepository,
    private readonly policies: PoliciesService,
    private readonly clock: Clock,
    @Inject(remindersConfig.KEY) private readonly config: RemindersConfigType,
  ) {}

  async list(query: ListQuery<UpcomingExpiryFilter>): Promise<Page<UpcomingExpiryDto>> {
    const calendar = ReminderCalendar.at(this.clock.now(), this.config.timeZone);
    const { filter } = query;
    const qb = this.accounts
      .createQueryBuilder('a')
      .where('a.password_expires_at >= :from AND a.password_expires_at < :to', {
        from: calendar.dayStart(0),
        to: calendar.dayStart((filter.withinDays ?? DEFAULT_UPCOMING_DAYS) + 1),
      })
      // The same accounts the scan reminds: temporary passwords and disabled accounts get no reminders.
      .andWhere("a.must_change_password = 0 AND a.status <> 'disabled'");
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
      qb.andWhere('(a.username LIKE :like OR a.email LIKE :like OR a.display_name LIKE :like)', { like });
    }
    if (filter.policyId) qb.andWhere('a.policy_id IN (:...policyIds)', { policyIds: filter.policyId });
    const [rows, total] = await qb
      .orderBy(SORT_COLUMNS[query.sort.field] ?? 'a.password_expires_at', query.sort.order)
      .addOrderBy('a.id', query.sort.order)
      .skip(query.skip)
      .take(query.take)
      .getManyAndCount();

    const reminders = await this.notifications.findOfKindForAccounts('expiry-reminder', rows.map((row) => row.id));
    const policies = new Map<number | null, PasswordPolicyEntity>();
    for (const row of rows) {
      if (!policies.has(row.policyId)) policies.set(row.policyId, await this.policies.resolve(row.policyId));
    }
    const items = rows.map((account) => {
      const policy = policies.get(account.policyId)!;
      const daysLeft = calendar.daysUntil(account.passwordExpiresAt!);
      const mine = reminders.filter((reminder) => reminder.dedupeKey?.startsWith(`reminder:${account.id}:v${account.passwordVersion}:`));
      return toUpcomingExpiryDto(account, policy, daysLeft, mine);
    });
    return new Page(upcomingExpiryListSpec.resource, items, total, query.skip);
  }
}

function toUpcomingExpiryDto(account: AccountEntity, policy: PasswordPolicyEntity, daysLeft: number, reminders: NotificationEntity[]): UpcomingExpiryDto {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    email: account.email,
    status: account.status,
    policyName: policy.name,
    passwordChangedAt: account.passwordChangedAt?.toISOString() ?? null,
    passwordExpiresAt: account.passwordExpiresAt!.toISOString(),
    daysLeft,
    reminders: [...policy.reminderDays]
      .sort((a, b) => b - a)
      .map((milestone): MilestoneStateDto => {
        const sent = reminders.find((reminder) => reminder.milestone === milestone);
        if (sent) return { milestone, state: sent.status, notificationId: sent.id, at: sent.createdAt.toISOString() };
        return { milestone, state: milestone <= daysLeft ? 'due' : 'missed', notificationId: null, at: null };
      }),
  };
}
