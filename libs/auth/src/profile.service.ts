import { Injectable } from '@nestjs/common';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import { Clock, PasswordHasher, RequestContext } from '@resetdesk/core';
import { StaffPrincipal, StaffRepository, StaffService, staffActor } from '@resetdesk/staff';
import { DataSource } from 'typeorm';
import { ChangePasswordDto, ProfileDto } from './dto/auth.dto';
import { PasswordConfirmationService } from './password-confirmation.service';
import { SessionService } from './session.service';
import { requireSignedInMember } from './signed-in-member';
import { TwoFactorService } from './two-factor.service';

/** The signed-in member's own profile and password. */
@Injectable()
export class ProfileService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly staffAdmin: StaffService,
    private readonly passwords: PasswordConfirmationService,
    private readonly twoFactor: TwoFactorService,
    private readonly sessions: SessionService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async profile(principal: StaffPrincipal): Promise<ProfileDto> {
    const member = await requireSignedInMember(this.staff, principal.id);
    return { id: member.id, email: member.email, name: member.name, role: member.role, ...(await this.twoFactor.status(member)) };
  }

  /** Changes one's own password and ends every session, this one included, and every open mfaToken. */
  async changePassword(principal: StaffPrincipal, dto: ChangePasswordDto, context: RequestContext): Promise<void> {
    const member = await requireSignedInMember(this.staff, principal.id);
    this.staffAdmin.assertAcceptablePassword('newPassword', dto.newPassword, member);
    await this.passwords.confirm(principal, member, dto.currentPassword, 'currentPassword', context);
    const passwordHash = await this.hasher.hash(dto.newPassword);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await this.staff.update(manager, member.id, { passwordHash, passwordChangedAt: now }, now);
      await this.sessions.endEverywhere(manager, member.id, now);
      await this.audit.record(manager, {
        actor: staffActor(member),
        action: AuditAction.PasswordChanged,
        target: { type: 'staff', id: member.id },
        context,
        details: { by: 'self', signedOutEverywhere: true },
      });
    });
  }
}
