import { Injectable } from '@nestjs/common';
import { OutboxService } from '@resetdesk/mail';
import { EntityManager } from 'typeorm';
import { AccountEntity } from './account.entity';

/** Who changed a channel on record: support (an admin's edit or import) or the holder on the portal. */
export type ContactChangedBy = 'support' | 'portal';

/**
 * A channel codes may go to changed: the login email is told, and so is the personal address being replaced (in the
 * caller's transaction), so a change the holder did not ask for is noticed where the attacker cannot read it. The new
 * address is never told or named: it may be the attacker's.
 */
@Injectable()
export class ContactChangeNotices {
  constructor(private readonly outbox: OutboxService) {}

  async personalEmailChanged(
    manager: EntityManager,
    account: Pick<AccountEntity, 'id' | 'email' | 'displayName' | 'personalEmail'>,
    personalEmail: string | null,
    now: Date,
    by: ContactChangedBy,
  ): Promise<void> {
    const change = personalEmail === null ? 'removed' : account.personalEmail === null ? 'added' : 'changed';
    const data = { displayName: account.displayName, change, at: now.toISOString(), by } as const;
    const recipients = new Set([account.email, ...(account.personalEmail ? [account.personalEmail] : [])]);
    for (const to of recipients) await this.outbox.enqueue(manager, { kind: 'contact-details-changed', to, accountId: account.id, data });
  }
}
