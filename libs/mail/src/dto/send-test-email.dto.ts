import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Trim } from '@resetdesk/core';
import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';

export class SendTestEmailDto {
  @ApiProperty({ example: 'it-ops@example.com' })
  @Trim()
  @IsEmail({}, { message: 'to must be an email address' })
  @MaxLength(320)
  to: string;

  @ApiPropertyOptional({ example: 'Checking the new SMTP relay', maxLength: 500 })
  @IsOptional()
  @Trim()
  @IsString({ message: 'note must be text' })
  @MaxLength(500, { message: 'note must be at most 500 characters' })
  note?: string;
}

export class QueuedNotificationDto {
  @ApiProperty() notificationId: number;
}
