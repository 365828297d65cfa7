import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { MultiLine } from '@resetdesk/core';
import { ForgotPasswordDto } from './forgot-password.dto';

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
}
