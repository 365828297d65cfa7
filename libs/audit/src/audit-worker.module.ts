import { Module } from '@nestjs/common';
import { AuditSealer } from './chain/audit-sealer.service';
import { AuditProcessor } from './jobs/audit.processor';
import { AuditSchedulers } from './jobs/audit-schedulers';

/** Sealing and scheduled verification: only the worker imports it. */
@Module({ providers: [AuditSealer, AuditProcessor, AuditSchedulers], exports: [AuditSealer] })
export class AuditWorkerModule {}
