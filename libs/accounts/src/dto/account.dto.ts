import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { NormalizeEmail, Trim } from '@resetdesk/core';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { ACCOUNT_STATUSES, AccountEntity, AccountStatus } from '../account.entity';
import { IsChatId } from '../chat-id';
import { IsPhone, NormalizePhone } from '../phone';

export class CreateAccountDto {
  @ApiProperty({ example: 'dreyes', maxLength: 191 })
  @Trim()
  @Matches(/^[\p{L}\p{Nd}._@+-]{1,191}$/u, { message: 'username may use letters, digits and . _ @ + - (at most 191)' })
  @IsString({ message: 'username must be text' })
  username: string;

  @ApiProperty({ example: 'dana.reyes@example.com' })
  @NormalizeEmail()
  @MaxLength(320)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 320,
    example: 'dana.home@example.net',
    description:
      'a personal email on record besides the login email: verification codes may go to it (never to an address a caller dictates); null removes it',
  })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @NormalizeEmail()
  @MaxLength(320)
  @IsEmail({}, { message: 'personalEmail must be an email address or null' })
  personalEmail?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 32,
    example: '+442079460958',
    description:
      'a phone number on record, E.164 (spaces, dashes, dots and brackets as people type them are dropped first): the number support calls back on; null removes it',
  })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsPhone()
  @NormalizePhone()
  @MaxLength(32, { message: 'phone must be at most 32 characters' })
  @IsString({ message: 'phone must be text or null' })
  phone?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description:
      "the account's manager (another account's id): whom a manager approval asks; null removes it. Where the directory maps a manager attribute, the next sync sets it",
  })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Min(1, { message: 'managerId must be an account id or null' })
  @IsInt({ message: 'managerId must be an account id or null' })
  managerId?: number | null;

  @ApiProperty({ example: 'Dana Reyes' })
  @Trim()
  @MinLength(1, { message: 'displayName must not be empty' })
  @MaxLength(200, { message: 'displayName must be at most 200 characters' })
  @IsString({ message: 'displayName must be text' })
  displayName: string;

  @ApiPropertyOptional({
    nullable: true,
    description: 'linked chat user id, for codes and the #resetpassword# command: printable ASCII, compared byte for byte; null unlinks',
  })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsChatId()
  chatId?: string | null;

  @ApiPropertyOptional({ description: 'resets need a supervisor approval' })
  @IsOptional()
  @IsBoolean({ message: 'privileged must be true or false' })
  privileged?: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'null = the default policy' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Min(1, { message: 'policyId must be a positive whole number or null' })
  @IsInt({ message: 'policyId must be a positive whole number or null' })
  policyId?: number | null;

  @ApiPropertyOptional({ description: 'an initial password; checked against the policy, never returned' })
  @IsOptional()
  @MaxLength(1024, { message: 'password must be at most 1024 characters' })
  @IsString({ message: 'password must be text' })
  password?: string;
}

export class UpdateAccountDto extends PartialType(CreateAccountDto) {
  @ApiPropertyOptional({ enum: ['active', 'disabled'], description: 'disable instead of delete; expired and locked are set by the system' })
  @IsOptional()
  @IsIn(['active', 'disabled'], { message: 'status may be set to active or disabled' })
  status?: 'active' | 'disabled';
}

export class AccountDto {
  @ApiProperty() id: number;
  @ApiProperty() username: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiPropertyOptional({ type: String, nullable: true }) personalEmail: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) chatId: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: "the manager's account id" }) managerId: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'E.164' }) phone: string | null;
  @ApiProperty() privileged: boolean;
  @ApiPropertyOptional({ type: Number, nullable: true }) policyId: number | null;
  @ApiProperty({ description: 'a password is set: here, or in the directory entry the account is synced from' }) hasPassword: boolean;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'the directory entry this account is synced from, where its password is set',
  })
  directoryDn: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) passwordChangedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) passwordExpiresAt: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'whole days since the last change' }) passwordAgeDays: number | null;
  @ApiProperty() mustChangePassword: boolean;
  @ApiProperty({ enum: ACCOUNT_STATUSES }) status: AccountStatus;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class AccountDetailDto extends AccountDto {
  @ApiProperty() policyName: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: "the manager's name and username, as the account page shows them" })
  managerName: string | null;
  @ApiProperty({ type: [String], description: 'when the password was set, newest first' }) passwordChanges: string[];
}

export function toAccountDto(account: AccountEntity, now: Date): AccountDto {
  return {
    id: account.id,
    username: account.username,
    email: account.email,
    personalEmail: account.personalEmail,
    managerId: account.managerId,
    phone: account.phone,
    displayName: account.displayName,
    chatId: account.chatId,
    privileged: account.privileged,
    policyId: account.policyId,
    // A directory account's password lives in its entry; the sync skips entries that cannot sign in (disabled).
    hasPassword: account.passwordHash !== null || account.directoryDn !== null,
    directoryDn: account.directoryDn,
    passwordChangedAt: account.passwordChangedAt?.toISOString() ?? null,
    passwordExpiresAt: account.passwordExpiresAt?.toISOString() ?? null,
    passwordAgeDays: account.passwordChangedAt ? Math.floor((now.getTime() - account.passwordChangedAt.getTime()) / 86_400_000) : null,
    mustChangePassword: account.mustChangePassword,
    status: account.status,
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
  };
}
