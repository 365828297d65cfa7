import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  NotificationChannel,
  NotificationEntity,
  NotificationStatus,
} from '../notification.entity';

/** A delivery-log row as the API shows it: never the payload (it may hold codes or links). */
export class NotificationDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'test-email' }) kind: string;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel: NotificationChannel;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'expiry reminders: days before expiry this one stands for' })
  milestone: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) accountId: number | null;
  @ApiProperty() recipient: string;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status: NotificationStatus;
  @ApiProperty({
    description:
      'delivery attempts started so far (counted before each send: more than one on a sent row means the email may have gone out twice)',
  })
  attempts: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'when the last attempt started' }) lastAttemptAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastError: string | null;
  @ApiPropertyOptional({
    enum: ['permanent', 'temporary'],
    nullable: true,
    description: 'why the last attempt failed: permanent (the server refused the address: fix it before retrying) or temporary',
  })
  failureKind: 'permanent' | 'temporary' | null;
  @ApiPropertyOptional({ type: String, nullable: true }) dedupeKey: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: "the email's Message-ID, the same on every attempt" }) messageId:
    string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() queuedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) sentAt: string | null;
}

export function toNotificationDto(entity: NotificationEntity): NotificationDto {
  return {
    id: entity.id,
    kind: entity.kind,
    channel: entity.channel,
    milestone: entity.milestone,
    accountId: entity.accountId,
    recipient: entity.recipient,
    subject: entity.subject,
    status: entity.status,
    attempts: entity.attempts,
    lastAttemptAt: entity.lastAttemptAt?.toISOString() ?? null,
    lastError: entity.lastError,
    failureKind: failureKindOf(entity.lastError),
    dedupeKey: entity.dedupeKey,
    messageId: entity.messageId,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    queuedAt: entity.queuedAt.toISOString(),
    sentAt: entity.sentAt?.toISOString() ?? null,
  };
}

export class RetryAllFailedResultDto {
  @ApiProperty({ description: 'failed notifications queued again' }) retried: number;
}

/**
 * Read from the stored reason (`EENVELOPE 550 …`, see the delivery service): an SMTP 5xx answer is permanent, anything
 * else (4xx, a refused connection, a timeout) temporary.
 */
export function failureKindOf(lastError: string | null): 'permanent' | 'temporary' | null {
  if (!lastError) return null;
  return /^(?:[A-Z]+ )?5\d\d\b/.test(lastError) ? 'permanent' : 'temporary';
}
