import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, MoreThan, Repository } from 'typeorm';
import { StaffInvitationEntity } from './staff-invitation.entity';

@Injectable()
export class StaffInvitationsRepository {
  constructor(@InjectRepository(StaffInvitationEntity) private readonly invitations: Repository<StaffInvitationEntity>) {}

  async insert(manager: EntityManager, invitation: Omit<StaffInvitationEntity, 'id' | 'usedAt' | 'revokedAt'>): Promise<void> {
    await manager.getRepository(StaffInvitationEntity).insert({ ...invitation, usedAt: null, revokedAt: null });
  }

  findByTokenHash(tokenHash: string): Promise<StaffInvitationEntity | null> {
    return this.invitations.findOneBy({ tokenHash });
  }

  /** The open (unused, unrevoked, unexpired) invitation of each of these members, for the staff list. */
  async openFor(staffIds: number[], now: Date): Promise<Map<number, StaffInvitationEntity>> {
    if (staffIds.length === 0) return new Map();
    const rows = await this.invitations.find({
      where: { staffId: In(staffIds), usedAt: IsNull(), revokedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { id: 'ASC' },
    });
    return new Map(rows.map((row) => [row.staffId, row]));
  }

  /** Ends every open invitation of a member (a new one replaces it, or they were disabled). */
  async revokeOpen(manager: EntityManager, staffId: number, now: Date): Promise<number> {
    const result = await manager
      .getRepository(StaffInvitationEntity)
      .update({ staffId, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: now });
    return result.affected ?? 0;
  }

  /** Uses an invitation once: one conditional UPDATE, so of two uses at once only one matches. */
  async claim(manager: EntityManager, id: number, now: Date): Promise<boolean> {
    const result = await manager
      .getRepository(StaffInvitationEntity)
      .update({ id, usedAt: IsNull(), revokedAt: IsNull(), expiresAt: MoreThan(now) }, { usedAt: now });
    return (result.affected ?? 0) === 1;
  }
}
