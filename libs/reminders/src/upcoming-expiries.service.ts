import { Inject, Injectable } from '@nestjs/common';
import { AccountEntity, AccountsRepository } from '@resetdesk/accounts';
import { Clock, ListQuery, Page, remindersConfig, RemindersConfigType } from '@resetdesk/core';
import { NotificationEntity, NotificationRepository } from '@resetdesk/mail';
import { PasswordPolicyEntity, PoliciesService } from '@resetdesk/policies';
import {
  DEFAULT_UPCOMING_DAYS,
  MilestoneStateDto,
  UpcomingExpiryDto,
  UpcomingExpiryFilter,
  upcomingExpiryListSpec,
} from './dto/upcoming-expiry.dto';
import { reminderKeyPrefix } from './milestones';
import { ReminderCalendar } from './reminder-calendar';

/** Accounts whose password expires within N days (from today in REMINDER_TZ), each with its reminders' state. */
@Injectable()
export class UpcomingExpiriesService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly notifications: NotificationRepository,
    private readonly policies: PoliciesService,
    private readonly clock: Clock,
    @Inject(remindersConfig.KEY) private readonly config: RemindersConfigType,
  ) {}

  async list(query: ListQuery<UpcomingExpiryFilter>): Promise<Page<UpcomingExpiryDto>> {
    const now = this.clock.now();
    const calendar = ReminderCalendar.at(now, this.config.timeZone);
    const { withinDays = DEFAULT_UPCOMING_DAYS, ...filter } = query.filter;
    const [rows, total] = await this.accounts.listExpiring(
      calendar.dayStart(0),
      calendar.dayStart(withinDays + 1),
      { ...query, filter },
      now,
    );

    const reminders = await this.notifications.findOfKindForAccounts(
      'expiry-reminder',
      rows.map((row) => row.id),
    );
    const policies = new Map<number | null, PasswordPolicyEntity>();
    for (const row of rows) {
      if (!policies.has(row.policyId)) policies.set(row.policyId, await this.policies.resolve(row.policyId));
    }
    const items = rows.map((account) => {
      const policy = policies.get(account.policyId)!;
      const daysLeft = calendar.daysUntil(account.passwordExpiresAt!);
      const mine = reminders.filter((reminder) => reminder.dedupeKey?.startsWith(reminderKeyPrefix(account)));
      return toUpcomingExpiryDto(account, policy, daysLeft, mine);
    });
    return new Page(upcomingExpiryListSpec.resource, items, total, query.skip);
  }
}

function toUpcomingExpiryDto(
  account: AccountEntity,
  policy: PasswordPolicyEntity,
  daysLeft: number,
  reminders: NotificationEntity[],
): UpcomingExpiryDto {
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
