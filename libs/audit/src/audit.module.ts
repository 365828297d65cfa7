import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEventEntity } from './audit-event.entity';
import { AuditRecorder } from './audit-recorder.service';

/** Global: every domain records its actions. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity])],
  providers: [AuditRecorder],
  exports: [AuditRecorder],
})
export class AuditModule {}
