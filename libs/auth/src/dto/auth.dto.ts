import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NormalizeEmail } from '@resetdesk/core';
import { STAFF_PASSWORD_MIN_LENGTH, STAFF_ROLES, StaffRole } from '@resetdesk/staff';
import { IsEmail, IsJWT, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@resetdesk.local' })
  @NormalizeEmail()
  @MaxLength(320, { message: 'email must be at most 320 characters' })
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty()
  @MinLength(1, { message: 'password must not be empty' })
  @MaxLength(256, { message: 'password must be at most 256 characters' })
  @IsString({ message: 'password must be text' })
  password: string;
}

export class TotpLoginDto {
  // A JWT of our own, a few hundred characters: anything longer cannot be one.
  @ApiProperty({ description: 'the mfaToken answered by /auth/login', maxLength: 2048 })
  @IsJWT({ message: 'mfaToken must be the token answered by /api/auth/login' })
  mfaToken: string;

  @ApiProperty({
    example: '123456',
    description: 'a 6-digit code from the authenticator app, or a recovery code like 7KQ3M-XW9TP',
    maxLength: 11,
  })
  @Matches(/^(\d{6}|[A-Za-z0-9]{5}-?[A-Za-z0-9]{5})$/, { message: 'code must be 6 digits or a recovery code like 7KQ3M-XW9TP' })
  @IsString({ message: 'code must be text' })
  code: string;
}

export class TotpConfirmDto {
  @ApiProperty({ example: '123456', maxLength: 6 })
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits shown by your authenticator app' })
  @IsString({ message: 'code must be text' })
  code: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @MinLength(1, { message: 'currentPassword must not be empty' })
  @MaxLength(256)
  @IsString({ message: 'currentPassword must be text' })
  currentPassword: string;

  @ApiProperty({ minLength: STAFF_PASSWORD_MIN_LENGTH })
  @MinLength(STAFF_PASSWORD_MIN_LENGTH, { message: `newPassword must be at least ${STAFF_PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(256, { message: 'newPassword must be at most 256 characters' })
  @IsString({ message: 'newPassword must be text' })
  newPassword: string;
}

/** Asked again before sensitive changes to sign-in itself (2FA enrollment, an admin's 2FA reset). */
export class ConfirmPasswordDto {
  @ApiProperty({ description: 'your own current password' })
  @MinLength(1, { message: 'password must not be empty' })
  @MaxLength(256, { message: 'password must be at most 256 characters' })
  @IsString({ message: 'password must be text' })
  password: string;
}

export class AccessTokenDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'seconds until the access token expires; refresh with POST /api/auth/refresh' }) expiresIn: number;
  @ApiPropertyOptional({ description: 'your role requires 2FA: enroll before using anything else' }) mfaEnrollmentRequired?: boolean;
}

export class MfaChallengeDto {
  @ApiProperty({ enum: [true] }) mfaRequired: true;
  @ApiProperty() mfaToken: string;
}

export class ProfileDto {
  @ApiProperty() id: number;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: STAFF_ROLES }) role: StaffRole;
  @ApiProperty() totpEnabled: boolean;
  @ApiProperty({ description: 'your role must use 2FA' }) mfaRequired: boolean;
  @ApiProperty() mfaEnrollmentRequired: boolean;
  @ApiProperty() recoveryCodesLeft: number;
}

export class TotpEnrollmentDto {
  @ApiProperty({ description: 'base32 secret, for typing into an authenticator app by hand' }) secret: string;
  @ApiProperty() otpauthUri: string;
  @ApiProperty({ description: 'SVG data URL of the otpauth URI (data:image/svg+xml;base64)' }) qrCodeDataUrl: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'shown once: each works one time instead of a TOTP code' }) recoveryCodes: string[];
}
