import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MultiLine, Trim } from '@resetdesk/core';
import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';

export class SendTestEmailDto {
  @ApiProperty({ example: 'it-ops@example.com' })
  @Trim()
  @MaxLength(320)
  @IsEmail({}, { message: 'to must be an email address' })
  to: string;

  @ApiPropertyOptional({ example: 'Checking the new SMTP relay', maxLength: 500 })
  @MultiLine()
  @IsOptional()
  @Trim()
  @MaxLength(500, { message: 'note must be at most 500 characters' })
  @IsString({ message: 'note must be text' })
  note?: string;
}

export class QueuedNotificationDto {
  @ApiProperty() notificationId: number;
}
