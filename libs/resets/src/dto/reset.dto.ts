import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TicketLinkDto } from '@resetdesk/tickets';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { ResetTokenEntity } from '../reset-token.entity';

export const RESET_METHODS = ['link', 'temporary'] as const;
export type ResetMethod = (typeof RESET_METHODS)[number];

export class ResetPasswordDto {
  @ApiProperty({
    enum: RESET_METHODS,
    description: 'link: a single-use link by email; temporary: a password shown once to you, to read out',
  })
  @IsIn(RESET_METHODS, { message: 'method must be link or temporary' })
  method: ResetMethod;
}

export class ResetIssuedDto {
  @ApiProperty({ enum: RESET_METHODS }) method: ResetMethod;
  @ApiProperty({ description: 'when the link or the temporary password stops working' }) expiresAt: string;
  @ApiPropertyOptional({ description: 'link: the address it went to, partly hidden' }) sentTo?: string;
  @ApiPropertyOptional({ description: 'temporary: shown this once and never again; read it out to the caller' }) temporaryPassword?: string;
  @ApiPropertyOptional({ description: 'the directory took the password only in part (e.g. not its must-change flag): what to do about it' })
  warning?: string;
}

export class AccountUnlockedDto {
  @ApiProperty({ enum: ['local', 'ldap', 'ad'], description: 'where the lockout was cleared' }) store: 'local' | 'ldap' | 'ad';
  @ApiProperty({ description: 'whether ResetDesk had the account as locked (a directory lockout may be newer than the last sync)' })
  wasLocked: boolean;
}

export class ResetApprovedDto {
  @ApiProperty() approvedByStaffId: number;
  @ApiProperty() approvedAt: string;
  @ApiProperty({ description: 'the approval must be used before then' }) validUntil: string;
}

export class ApprovalRequestedDto {
  @ApiProperty({ description: 'when supervisors were asked (the first request in this verification)' }) requestedAt: string;
  @ApiProperty() requestedByName: string;
  @ApiProperty({ description: 'supervisors and admins emailed by this request; 0 when it had been made already' }) notified: number;
  @ApiProperty({ description: 'true when an earlier request in this verification is still waiting: nobody was emailed again' })
  alreadyRequested: boolean;
  @ApiProperty({ description: 'the request, like the verification it is for, holds until then' }) verifiedUntil: string;
}

/** 32 random bytes in base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export class ResetTokenDto {
  @ApiProperty({ description: 'the token from the reset link', maxLength: 43 })
  @Matches(TOKEN_PATTERN, { message: 'token must be the 43-character code from the reset link' })
  @IsString({ message: 'token must be text' })
  token: string;
}

export class RedeemResetLinkDto extends ResetTokenDto {
  @ApiProperty({ description: 'never logged or stored in clear' })
  @MaxLength(1024, { message: 'newPassword must be at most 1024 characters' })
  @IsString({ message: 'newPassword must be text' })
  newPassword: string;
}

export class ResetLinkInfoDto {
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'the policy the new password must pass (for the live checklist)' }) policyId: number;
  @ApiProperty() expiresAt: string;
  @ApiProperty({
    description: "for POST /self-service/password-check: the account's exact rules, history included, while the holder types",
  })
  checkToken: string;
}

/** A reset link as the ticket's detail lists it: never its token or hash. */
export function toTicketLinkDto(link: ResetTokenEntity, now: Date): TicketLinkDto {
  return {
    id: link.id,
    status: link.usedAt ? 'used' : link.revokedAt ? 'revoked' : link.expiresAt <= now ? 'expired' : 'pending',
    issuedAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
    usedAt: link.usedAt?.toISOString() ?? null,
    revokedAt: link.revokedAt?.toISOString() ?? null,
  };
}
