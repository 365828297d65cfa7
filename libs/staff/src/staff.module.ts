import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RecoveryCodeRepository } from './recovery-code.repository';
import { StaffSessionRepository } from './staff-session.repository';
import { RecoveryCodeEntity, StaffEntity, StaffSessionEntity } from './staff.entity';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';

@Module({
  imports: [TypeOrmModule.forFeature([StaffEntity, StaffSessionEntity, RecoveryCodeEntity])],
  providers: [StaffRepository, StaffSessionRepository, RecoveryCodeRepository, StaffService],
  exports: [StaffRepository, StaffSessionRepository, RecoveryCodeRepository, StaffService],
})
export class StaffModule {}
