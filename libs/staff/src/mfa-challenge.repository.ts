import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import { MfaChallengeEntity } from './staff.entity';

/** The server-side half of mfaTokens: each is claimed at most once, and a password change ends the open ones. */
@Injectable()
export class MfaChallengeRepository {
  constructor(@InjectRepository(MfaChallengeEntity) private readonly challenges: Repository<MfaChallengeEntity>) {}

  async insert(manager: EntityManager, challenge: MfaChallengeEntity): Promise<void> {
    await manager.getRepository(MfaChallengeEntity).insert(challenge);
  }

  /** The challenge while it can still complete a sign-in. */
  findOpen(id: string, staffId: number, now: Date): Promise<MfaChallengeEntity | null> {
    return this.challenges.findOneBy({ id, staffId, usedAt: IsNull(), expiresAt: MoreThan(now) });
  }

  /** Uses the challenge up; false when another request (or a password change) got there first. */
  async claim(manager: EntityManager, id: string, staffId: number, now: Date): Promise<boolean> {
    const result = await manager
      .getRepository(MfaChallengeEntity)
      .update({ id, staffId, usedAt: IsNull(), expiresAt: MoreThan(now) }, { usedAt: now });
    return (result.affected ?? 0) > 0;
  }

  /** Ends every open challenge of a member (password change, 2FA reset, disable). */
  async endAll(manager: EntityManager, staffId: number, now: Date): Promise<void> {
    await manager.getRepository(MfaChallengeEntity).update({ staffId, usedAt: IsNull() }, { usedAt: now });
  }
}
