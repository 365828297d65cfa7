import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { StaffEntity, StaffSessionEntity } from './staff.entity';

export interface ActiveSession {
  session: StaffSessionEntity;
  staff: StaffEntity;
}

@Injectable()
export class StaffSessionRepository {
  constructor(@InjectRepository(StaffSessionEntity) private readonly sessions: Repository<StaffSessionEntity>) {}

  async insert(manager: EntityManager, session: StaffSessionEntity): Promise<void> {
    await manager.getRepository(StaffSessionEntity).insert(session);
  }

  findById(id: string): Promise<StaffSessionEntity | null> {
    return this.sessions.findOneBy({ id });
  }

  /** The session with its staff member, only while it is neither revoked nor expired (refresh needs the session's expiry). */
  async findActive(id: string, now: Date): Promise<ActiveSession | null> {
    const session = await this.sessions
      .createQueryBuilder('session')
      .where('session.id = :id AND session.revoked_at IS NULL AND session.expires_at > :now', { id, now })
      .getOne();
    if (!session) return null;
    const staff = await this.sessions.manager.getRepository(StaffEntity).findOneBy({ id: session.staffId });
    return staff ? { session, staff } : null;
  }

  /**
   * The staff member behind a session, only while the session is neither
   * revoked nor expired. One joined query: it runs on every signed-in request.
   */
  findActiveStaff(sessionId: string, now: Date): Promise<StaffEntity | null> {
    return this.sessions.manager
      .getRepository(StaffEntity)
      .createQueryBuilder('staff')
      .innerJoin(StaffSessionEntity, 'session', 'session.staff_id = staff.id')
      .where('session.id = :sessionId AND session.revoked_at IS NULL AND session.expires_at > :now', { sessionId, now })
      .getOne();
  }

  /** Replaces the refresh secret only if the presented one is still current: a stolen, already-rotated token loses. */
  async rotate(id: string, presentedHash: string, nextHash: string, now: Date): Promise<boolean> {
    const result = await this.sessions.update(
      { id, refreshHash: presentedHash, revokedAt: IsNull() },
      { refreshHash: nextHash, lastUsedAt: now },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Ends one session (a signed-in guesser of the current password loses it). */
  async revoke(id: string, now: Date, manager?: EntityManager): Promise<void> {
    await (manager?.getRepository(StaffSessionEntity) ?? this.sessions).update({ id, revokedAt: IsNull() }, { revokedAt: now });
  }

  /** Keeps a member's `keep` newest live sessions and ends the older ones; answers how many ended. */
  async revokeOldest(manager: EntityManager, staffId: number, keep: number, now: Date): Promise<number> {
    const live: Array<{ id: string }> = await manager.query(
      'SELECT id FROM staff_sessions WHERE staff_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id DESC',
      [staffId, now],
    );
    const older = live.slice(keep).map((row) => row.id);
    if (older.length === 0) return 0;
    await manager.getRepository(StaffSessionEntity).update({ id: In(older), revokedAt: IsNull() }, { revokedAt: now });
    return older.length;
  }

  /** Ends every session of a staff member at once (sign-out, disable, password change, reuse of a refresh token). */
  async revokeAll(staffId: number, now: Date, manager?: EntityManager): Promise<number> {
    const result = await (manager?.getRepository(StaffSessionEntity) ?? this.sessions).update(
      { staffId, revokedAt: IsNull() },
      { revokedAt: now },
    );
    return result.affected ?? 0;
  }
}
