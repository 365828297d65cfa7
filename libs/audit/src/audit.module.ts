import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueName } from '@resetdesk/core';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditRecorder } from './audit-recorder.service';
import { AuditReviewService } from './audit-review.service';
import { AuditMetrics } from './audit.metrics';
import { AuditChainRepository } from './chain/audit-chain.repository';
import { AuditSealTrigger } from './chain/audit-seal-trigger';
import { AuditVerificationEntity } from './chain/audit-verification.entity';
import { AuditVerificationRepository } from './chain/audit-verification.repository';
import { AuditVerifier } from './chain/audit-verifier.service';

/** Global: every domain records its actions; supervisors review them. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity, AuditVerificationEntity]), BullModule.registerQueue({ name: QueueName.Audit })],
  providers: [
    AuditRecorder,
    AuditSealTrigger,
    AuditChainRepository,
    AuditVerificationRepository,
    AuditVerifier,
    AuditEventsRepository,
    AuditReviewService,
    AuditMetrics,
  ],
  exports: [AuditRecorder, AuditChainRepository, AuditVerifier, AuditReviewService, BullModule],
})
export class AuditModule {}
