import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { RecoveryCodeEntity } from './staff.entity';

@Injectable()
export class RecoveryCodeRepository {
  constructor(@InjectRepository(RecoveryCodeEntity) private readonly codes: Repository<RecoveryCodeEntity>) {}

  /** Replaces all of a member's recovery codes with new ones (hashes only). */
  async replace(manager: EntityManager, staffId: number, hashes: string[], now: Date): Promise<void> {
    const repository = manager.getRepository(RecoveryCodeEntity);
    await repository.delete({ staffId });
    if (hashes.length > 0) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(RecoveryCodeEntity)
        .values(hashes.map((codeHash) => ({ staffId, codeHash, createdAt: now, usedAt: null })))
        .updateEntity(false)
        .execute();
    }
  }

  /** Whether the code exists and is unused; spending it is `consume`'s, inside the sign-in's transaction. */
  async isUnused(staffId: number, codeHash: string): Promise<boolean> {
    return (await this.codes.countBy({ staffId, codeHash, usedAt: IsNull() })) > 0;
  }

  /**
   * Spends one unused code; false when it does not exist or was used already.
   * Run inside the sign-in transaction, after its counter row is locked:
   * concurrent uses of one code queue on that lock instead of deadlocking
   * here against the session insert's foreign-key lock on the staff row.
   */
  async consume(manager: EntityManager, staffId: number, codeHash: string, now: Date): Promise<boolean> {
    const result = await manager.getRepository(RecoveryCodeEntity).update({ staffId, codeHash, usedAt: IsNull() }, { usedAt: now });
    return (result.affected ?? 0) > 0;
  }

  countUnused(staffId: number): Promise<number> {
    return this.codes.countBy({ staffId, usedAt: IsNull() });
  }

  async deleteAll(manager: EntityManager, staffId: number): Promise<void> {
    await manager.getRepository(RecoveryCodeEntity).delete({ staffId });
  }
}
