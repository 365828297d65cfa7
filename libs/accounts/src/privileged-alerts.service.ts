import { Injectable } from '@nestjs/common';
import { AuditActor } from '@resetdesk/audit';
import { OutboxService, PrivilegedResetMethod } from '@resetdesk/mail';
import { StaffRepository } from '@resetdesk/staff';
import { EntityManager } from 'typeorm';
import { AccountEntity } from './account.entity';

export interface PrivilegedAlert {
  method: PrivilegedResetMethod;
  actor: AuditActor;
  ticketId?: number | null;
  /** The staff member who sent the link the holder used, when the actor is the holder. */
  issuedByStaffId?: number | null;
  approvedByStaffId?: number | null;
}

/**
 * Every active supervisor and admin hears of what was done to a privileged
 * account (a new password, however set, or an unlock): one outbox row each,
 * in the transaction that records it.
 */
@Injectable()
export class PrivilegedAlerts {
  constructor(
    private readonly staff: StaffRepository,
    private readonly outbox: OutboxService,
  ) {}

  async alert(manager: EntityManager, account: AccountEntity, alert: PrivilegedAlert, now: Date): Promise<void> {
    const staffId = alert.actor.type === 'staff' ? Number(alert.actor.id) : alert.issuedByStaffId;
    const [recipients, named] = await Promise.all([
      this.staff.findActiveSupervisors(),
      this.staff.findByIds([staffId, alert.approvedByStaffId].filter((id): id is number => typeof id === 'number')),
    ]);
    const nameOf = (id: number | null | undefined) => (id ? (named.find((member) => member.id === id)?.name ?? `staff #${id}`) : null);
    for (const recipient of recipients) {
      await this.outbox.enqueue(manager, {
        kind: 'privileged-reset-alert',
        to: recipient.email,
        accountId: account.id,
        data: {
          ticketId: alert.ticketId ?? null,
          accountId: account.id,
          accountUsername: account.username,
          method: alert.method,
          agentName: nameOf(staffId) ?? '',
          approverName: nameOf(alert.approvedByStaffId),
          at: now.toISOString(),
        },
      });
    }
  }
}
