import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MultiLine, Trim } from '@resetdesk/core';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PasswordPolicyEntity } from '../password-policy.entity';
import { CHARACTER_CLASSES, CharacterClass, RuleResult } from '../policy-rules';

const whole = (field: string) => ({ message: `${field} must be a whole number` });

/** Every setting of a policy; create requires them all, update takes any subset (see UpdatePolicyDto). */
export class CreatePolicyDto {
  @ApiProperty({ example: 'Contractors' })
  @Trim()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(80, { message: 'name must be at most 80 characters' })
  @IsString({ message: 'name must be text' })
  name: string;

  @ApiPropertyOptional()
  @MultiLine()
  @IsOptional()
  @Trim()
  @MaxLength(500, { message: 'description must be at most 500 characters' })
  @IsString({ message: 'description must be text' })
  description?: string;

  @ApiProperty({ minimum: 4, maximum: 256 })
  @Min(4, { message: 'minLength must be at least 4' })
  @Max(256, { message: 'minLength must be at most 256' })
  @IsInt(whole('minLength'))
  minLength: number;

  @ApiProperty({ minimum: 64, maximum: 1024, description: 'long passphrases must fit: at least 64' })
  @Min(64, { message: 'maxLength must be at least 64 (long passphrases must fit)' })
  @Max(1024, { message: 'maxLength must be at most 1024' })
  @IsInt(whole('maxLength'))
  maxLength: number;

  @ApiProperty({ minimum: 0, maximum: 4, description: '"N of 4" character classes; 0 turns the rule off' })
  @Min(0, { message: 'minClasses must be between 0 and 4' })
  @Max(4, { message: 'minClasses must be between 0 and 4' })
  @IsInt(whole('minClasses'))
  minClasses: number;

  @ApiProperty({ enum: CHARACTER_CLASSES, isArray: true, description: 'classes that must each appear' })
  @ArrayUnique({ message: 'requiredClasses must not repeat a class' })
  @ArrayMaxSize(4)
  @IsIn(CHARACTER_CLASSES, { each: true, message: `requiredClasses may only contain ${CHARACTER_CLASSES.join(', ')}` })
  @IsArray({ message: 'requiredClasses must be a list' })
  requiredClasses: CharacterClass[];

  @ApiProperty({ minimum: 0, maximum: 3650, description: '0 = passwords never expire' })
  @Min(0, { message: 'maxAgeDays must be between 0 and 3650' })
  @Max(3650, { message: 'maxAgeDays must be between 0 and 3650' })
  @IsInt(whole('maxAgeDays'))
  maxAgeDays: number;

  @ApiProperty({ minimum: 0, maximum: 24 })
  @Min(0, { message: 'historyCount must be between 0 and 24' })
  @Max(24, { message: 'historyCount must be between 0 and 24' })
  @IsInt(whole('historyCount'))
  historyCount: number;

  @ApiProperty({ type: [Number], example: [7, 3, 0], description: 'days before expiry to remind' })
  @ArrayUnique({ message: 'reminderDays must not repeat a day' })
  @ArrayMaxSize(10, { message: 'reminderDays may list at most 10 days' })
  @Min(0, { each: true, message: 'reminderDays must be between 0 and 90' })
  @Max(90, { each: true, message: 'reminderDays must be between 0 and 90' })
  @IsInt({ each: true, message: 'reminderDays must be whole numbers' })
  @IsArray({ message: 'reminderDays must be a list' })
  reminderDays: number[];

  @ApiProperty({ description: 'refuse the 49,000 most common passwords' })
  @IsBoolean({ message: 'blocklist must be true or false' })
  blocklist: boolean;

  @ApiProperty({ minimum: 0, maximum: 4, description: 'zxcvbn score to reach; 0 turns the rule off' })
  @Min(0, { message: 'minStrength must be between 0 and 4' })
  @Max(4, { message: 'minStrength must be between 0 and 4' })
  @IsInt(whole('minStrength'))
  minStrength: number;

  @ApiProperty({ description: 'refuse parts of the username, email name and display name' })
  @IsBoolean({ message: 'forbidPersonalInfo must be true or false' })
  forbidPersonalInfo: boolean;

  @ApiPropertyOptional({ description: 'make this the policy for accounts without one' })
  @IsOptional()
  @IsBoolean({ message: 'isDefault must be true or false' })
  isDefault?: boolean;
}

export class PolicyDto {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty() isDefault: boolean;
  @ApiProperty() minLength: number;
  @ApiProperty() maxLength: number;
  @ApiProperty() minClasses: number;
  @ApiProperty({ enum: CHARACTER_CLASSES, isArray: true }) requiredClasses: CharacterClass[];
  @ApiProperty() maxAgeDays: number;
  @ApiProperty() historyCount: number;
  @ApiProperty({ type: [Number] }) reminderDays: number[];
  @ApiProperty() blocklist: boolean;
  @ApiProperty() minStrength: number;
  @ApiProperty() forbidPersonalInfo: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export function toPolicyDto(policy: PasswordPolicyEntity): PolicyDto {
  const { createdAt, updatedAt, ...settings } = policy;
  return {
    ...settings,
    reminderDays: [...policy.reminderDays].sort((a, b) => b - a),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

export class CheckPasswordDto {
  @ApiProperty({ description: 'never logged or stored' })
  @MaxLength(1024, { message: 'password must be at most 1024 characters' })
  @IsString({ message: 'password must be text' })
  password: string;

  @ApiPropertyOptional({ description: 'checked against the "no personal information" rule' })
  @IsOptional()
  @MaxLength(320, { message: 'username must be at most 320 characters' })
  @IsString({ message: 'username must be text' })
  username?: string;

  @ApiPropertyOptional({ description: 'checked against the "no personal information" rule' })
  @IsOptional()
  @MaxLength(320, { message: 'email must be at most 320 characters' })
  @IsString({ message: 'email must be text' })
  email?: string;

  @ApiPropertyOptional({ description: 'checked against the "no personal information" rule' })
  @IsOptional()
  @MaxLength(200, { message: 'displayName must be at most 200 characters' })
  @IsString({ message: 'displayName must be text' })
  displayName?: string;

  @ApiPropertyOptional({ description: 'the default policy when absent' })
  @IsOptional()
  @Min(1, { message: 'policyId must be a positive whole number' })
  @IsInt({ message: 'policyId must be a positive whole number' })
  policyId?: number;
}

export class RuleResultDto implements RuleResult {
  @ApiProperty({ type: String, description: 'the rule, e.g. MIN_LENGTH, REQUIRES_DIGIT, BLOCKLIST' }) code: RuleResult['code'];
  @ApiProperty({ example: 'At least 12 characters' }) message: string;
  @ApiProperty() passed: boolean;
  @ApiPropertyOptional({ description: 'not decided yet: the history rule is tried once every other rule passes' }) pending?: boolean;
}

export class PasswordCheckDto {
  @ApiProperty() policyId: number;
  @ApiProperty() policyName: string;
  @ApiProperty({ description: 'every rule passed' }) passed: boolean;
  @ApiProperty({ type: [RuleResultDto], description: 'each rule: machine code, human message, pass/fail' }) rules: RuleResultDto[];
}

/** What saving a policy change would do to passwords (POST /api/password-policies/{id}/impact). */
export class PolicyImpactDto {
  @ApiProperty({ description: 'accounts the policy would govern (not disabled; all without a policy too, for the default)' })
  accounts: number;
  @ApiProperty({ description: 'whose password the change would expire at once (not expired already)' }) expireNow: number;
  @ApiProperty({ description: 'whose password it would expire within the next 7 days (not expired already)' }) expireWithinWeek: number;
}
