import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MultiLine } from '@resetdesk/core';
import { Transform } from 'class-transformer';
import { ForgotPasswordDto } from './forgot-password.dto';

/** Trimmed, and a blank optional field is one not given. */
const TrimOrAbsent = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value));

export class SupportRequestDto extends ForgotPasswordDto {
  @ApiProperty({ example: 'Cannot sign in since my holiday' })
  @MinLength(1, { message: 'subject must not be empty' })
  @MaxLength(200, { message: 'subject must be at most 200 characters' })
  @IsString({ message: 'subject must be text' })
  subject: string;

  @ApiPropertyOptional()
  @MultiLine()
  @IsOptional()
  @MaxLength(5000, { message: 'description must be at most 5000 characters' })
  @IsString({ message: 'description must be text' })
  description?: string;

  @ApiPropertyOptional({
    example: '+49 30 1234 5678',
    description:
      "a phone number to be called back on, for someone who cannot read the account's mailbox (recorded on the ticket, not verified)",
  })
  @TrimOrAbsent()
  @IsOptional()
  @Matches(/^(?=(?:\D*\d){6})\+?[0-9 ()./-]+$/, {
    message: 'callbackPhone must be a phone number of at least 6 digits (digits, spaces and + ( ) - . / only)',
  })
  @MaxLength(32, { message: 'callbackPhone must be at most 32 characters' })
  @IsString({ message: 'callbackPhone must be text' })
  callbackPhone?: string;

  @ApiPropertyOptional({
    example: 'dana.private@example.net',
    description: 'another email address support may answer on (recorded on the ticket, not verified; nothing is sent to it automatically)',
  })
  @TrimOrAbsent()
  @IsOptional()
  @IsEmail({}, { message: 'callbackEmail must be an email address' })
  @MaxLength(320, { message: 'callbackEmail must be at most 320 characters' })
  @IsString({ message: 'callbackEmail must be text' })
  callbackEmail?: string;
}
