import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SendTestEmailDto {
  @ApiProperty({ example: 'it-ops@example.com' })
  @Transform(trim)
  @IsEmail({}, { message: 'to must be an email address' })
  @MaxLength(320)
  to: string;

  @ApiPropertyOptional({ example: 'Checking the new SMTP relay', maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'note must be text' })
  @MaxLength(500, { message: 'note must be at most 500 characters' })
  note?: string;
}

export class QueuedNotificationDto {
  @ApiProperty() notificationId: number;
}
