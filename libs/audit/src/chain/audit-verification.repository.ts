import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditVerificationEntity } from './audit-verification.entity';

export type NewAuditVerification = Omit<AuditVerificationEntity, 'id'>;

/** The record of every chain verification: the latest, and the last good one that anchors the next. */
@Injectable()
export class AuditVerificationRepository {
  constructor(@InjectRepository(AuditVerificationEntity) private readonly verifications: Repository<AuditVerificationEntity>) {}

  /** The newest verification that found the chain intact. */
  findLastGood(): Promise<AuditVerificationEntity | null> {
    return this.verifications.findOne({ where: { ok: true }, order: { id: 'DESC' } });
  }

  findLatest(): Promise<AuditVerificationEntity | null> {
    return this.verifications.findOne({ where: {}, order: { id: 'DESC' } });
  }

  add(verification: NewAuditVerification): Promise<AuditVerificationEntity> {
    return this.verifications.save(this.verifications.create(verification));
  }
}
