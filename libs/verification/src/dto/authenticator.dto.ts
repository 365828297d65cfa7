import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class AuthenticatorEnrollmentDto {
  @ApiProperty({ description: 'confirms this enrollment with a code from the app (10 minutes, once)' }) enrollmentToken: string;
  @ApiProperty({ description: 'otpauth:// URI for the app (the QR code holds the same)' }) otpauthUri: string;
  @ApiProperty({ description: 'the QR code as an SVG data URL' }) qrCode: string;
  @ApiProperty({ description: 'the secret in base32, for typing into an app that cannot scan' }) secret: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ description: 'an app is enrolled already: confirming this one replaces it' }) replacing: boolean;
  @ApiProperty({ description: 'the account name the app will show' }) username: string;
}

export class AuthenticatorStateDto {
  @ApiProperty() enrolled: boolean;
  @ApiProperty({ type: String, nullable: true }) enrolledAt: string | null;
}

export class ConfirmAuthenticatorDto {
  @ApiProperty({ maxLength: 64 })
  @MaxLength(64, { message: 'enrollmentToken is too long' })
  @IsString({ message: 'enrollmentToken must be text' })
  enrollmentToken: string;

  @ApiProperty({ example: '123456', description: 'the 6 digits the app shows now', maxLength: 6 })
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits the app shows' })
  @IsString({ message: 'code must be text' })
  code: string;
}
