import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NormalizeEmail, Trim } from '@resetdesk/core';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { STAFF_PASSWORD_MIN_LENGTH, STAFF_ROLES, StaffRole } from '../staff-roles';
import { StaffInvitationEntity } from '../staff-invitation.entity';
import { StaffEntity } from '../staff.entity';

const passwordRule = { message: `password must be at least ${STAFF_PASSWORD_MIN_LENGTH} characters` };

export class CreateStaffDto {
  @ApiProperty({ example: 'dana@example.com' })
  @NormalizeEmail()
  @MaxLength(320)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ example: 'Dana Reyes' })
  @Trim()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(120, { message: 'name must be at most 120 characters' })
  @IsString({ message: 'name must be text' })
  name: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES, { message: `role must be one of ${STAFF_ROLES.join(', ')}` })
  role: StaffRole;

  @ApiPropertyOptional({
    minLength: STAFF_PASSWORD_MIN_LENGTH,
    description: 'an initial password to tell the person out of band; leave it out and set invite instead',
  })
  @IsOptional()
  @MinLength(STAFF_PASSWORD_MIN_LENGTH, passwordRule)
  @MaxLength(256, { message: 'password must be at most 256 characters' })
  @IsString({ message: 'password must be text' })
  password?: string;

  @ApiPropertyOptional({ description: 'email them a single-use link to choose their own password (72 hours) instead of a password' })
  @IsOptional()
  @IsBoolean({ message: 'invite must be true or false' })
  invite?: boolean;
}

export class UpdateStaffDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(120, { message: 'name must be at most 120 characters' })
  @IsString({ message: 'name must be text' })
  name?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES })
  @IsOptional()
  @IsIn(STAFF_ROLES, { message: `role must be one of ${STAFF_ROLES.join(', ')}` })
  role?: StaffRole;

  @ApiPropertyOptional({ description: 'disable instead of delete: signs the member out everywhere' })
  @IsOptional()
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;

  @ApiPropertyOptional({ minLength: STAFF_PASSWORD_MIN_LENGTH, description: 'sets a new password and signs the member out everywhere' })
  @IsOptional()
  @MinLength(STAFF_PASSWORD_MIN_LENGTH, passwordRule)
  @MaxLength(256, { message: 'password must be at most 256 characters' })
  @IsString({ message: 'password must be text' })
  password?: string;
}

export class StaffDto {
  @ApiProperty() id: number;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: STAFF_ROLES }) role: StaffRole;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ description: 'two-factor sign-in is set up' }) totpEnabled: boolean;
  @ApiProperty() failedLogins: number;
  @ApiPropertyOptional({ type: String, nullable: true }) lockedUntil: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastLoginAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'an invitation waits to be used until then (they have not chosen a password)' })
  invitationExpiresAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export function toStaffDto(staff: StaffEntity, now: Date, openInvitation?: Pick<StaffInvitationEntity, 'expiresAt'>): StaffDto {
  return {
    id: staff.id,
    email: staff.email,
    name: staff.name,
    role: staff.role,
    disabled: staff.disabled,
    totpEnabled: staff.totpEnabled,
    failedLogins: staff.failedLogins,
    lockedUntil: staff.lockedUntil && staff.lockedUntil > now ? staff.lockedUntil.toISOString() : null,
    lastLoginAt: staff.lastLoginAt?.toISOString() ?? null,
    invitationExpiresAt: openInvitation?.expiresAt.toISOString() ?? null,
    createdAt: staff.createdAt.toISOString(),
    updatedAt: staff.updatedAt.toISOString(),
  };
}
