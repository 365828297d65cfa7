import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MfaChallengeRepository } from './mfa-challenge.repository';
import { RecoveryCodeRepository } from './recovery-code.repository';
import { SignInAttemptRepository } from './sign-in-attempt.repository';
import { StaffSessionRepository } from './staff-session.repository';
import { MfaChallengeEntity, RecoveryCodeEntity, SignInAttemptEntity, StaffEntity, StaffSessionEntity } from './staff.entity';
import { StaffInvitationEntity } from './staff-invitation.entity';
import { StaffInvitationsRepository } from './staff-invitations.repository';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';
import { SessionLiveness } from './session-liveness.service';

/** Everything the staff domain offers other modules: its repositories, its service, and session liveness. */
const STAFF_PROVIDERS = [
  StaffRepository,
  StaffSessionRepository,
  RecoveryCodeRepository,
  SignInAttemptRepository,
  MfaChallengeRepository,
  StaffInvitationsRepository,
  StaffService,
  SessionLiveness,
];

@Module({
  imports: [
    TypeOrmModule.forFeature([
      StaffEntity,
      StaffSessionEntity,
      RecoveryCodeEntity,
      SignInAttemptEntity,
      MfaChallengeEntity,
      StaffInvitationEntity,
    ]),
  ],
  providers: STAFF_PROVIDERS,
  exports: STAFF_PROVIDERS,
})
export class StaffModule {}
