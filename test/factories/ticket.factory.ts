import { TicketEntity } from '@resetdesk/tickets';
import { entity, minutesFrom, newId, TEST_NOW } from './small.factory';

export type TicketLike = Partial<TicketEntity>;

/** An open phone ticket opened ten minutes before TEST_NOW; `.verified()` and `.approvedBy()` for the later steps. */
export class TicketFactory {
  private constructor(private readonly value: TicketEntity) {}

  static create(overrides: TicketLike = {}): TicketEntity {
    return TicketFactory.from(overrides).build();
  }

  static from(overrides: TicketLike = {}): TicketFactory {
    return new TicketFactory(
      entity(TicketEntity, {
        id: newId(),
        accountId: newId(),
        subject: 'Locked out after holidays',
        description: '',
        channel: 'phone',
        priority: 'normal',
        status: 'open',
        verifiedUntil: null,
        resetApprovedByStaffId: null,
        resetApprovedAt: null,
        approvalRequestedAt: null,
        approvalRequestedByStaffId: null,
        assigneeId: null,
        openedByStaffId: null,
        portalRequestId: null,
        createdAt: minutesFrom(TEST_NOW, -10),
        updatedAt: minutesFrom(TEST_NOW, -10),
        resolvedAt: null,
        ...overrides,
      }),
    );
  }

  /** The caller was verified `minutesAgo` minutes before TEST_NOW (a verification lasts 15 minutes). */
  verified(minutesAgo = 1): this {
    this.value.status = 'verified';
    this.value.verifiedUntil = minutesFrom(TEST_NOW, 15 - minutesAgo);
    return this;
  }

  /** A supervisor approved the reset of the privileged account `minutesAgo` minutes before TEST_NOW. */
  approvedBy(staffId: number, minutesAgo = 1): this {
    this.value.resetApprovedByStaffId = staffId;
    this.value.resetApprovedAt = minutesFrom(TEST_NOW, -minutesAgo);
    return this;
  }

  build(): TicketEntity {
    return entity(TicketEntity, { ...this.value });
  }
}
