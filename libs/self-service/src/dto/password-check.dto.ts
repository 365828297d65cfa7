import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PasswordCheckGrant } from '@resetdesk/accounts';
import { RuleResultDto } from '@resetdesk/policies';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Proof accepted: what the page may now check candidates with, for this account's rules. */
export class PasswordCheckGrantDto implements PasswordCheckGrant {
  @ApiProperty({ description: 'for POST /self-service/password-check; ends at expiresAt or with the next password change' })
  checkToken: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
}

export class HolderPasswordCheckDto {
  @ApiProperty({ description: 'from the reset link inspection, the accepted code or the proved current password' })
  @MaxLength(200, { message: 'checkToken must be at most 200 characters' })
  @IsString({ message: 'checkToken must be text' })
  checkToken: string;

  @ApiProperty({ description: 'never logged or stored' })
  @MaxLength(1024, { message: 'password must be at most 1024 characters' })
  @IsString({ message: 'password must be text' })
  password: string;

  @ApiPropertyOptional({
    description: 'the second entry; the history rule is answered only when it equals password (until then it is pending)',
  })
  @IsOptional()
  @MaxLength(1024, { message: 'confirmPassword must be at most 1024 characters' })
  @IsString({ message: 'confirmPassword must be text' })
  confirmPassword?: string;
}

export class HolderPasswordVerdictDto {
  @ApiProperty({
    description: 'no rule fails: submitting it will not be refused for the password itself, unless a pending rule (history) fails then',
  })
  passed: boolean;
  @ApiProperty({ type: [RuleResultDto], description: "exactly the rules the change applies: the account's policy, and its history" })
  rules: RuleResultDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['ldap', 'ad'],
    description: 'the directory that also applies its own rules (its history, minimum age) on submit; null with local passwords',
  })
  directory: 'ldap' | 'ad' | null;
}
