import { ApiProperty } from '@nestjs/swagger';
import { STATS_BUCKETS, StatsBucket } from '../stats-range';

export const OPEN_TICKET_STATUSES = ['open', 'verifying', 'verified', 'reset_sent'] as const;
export const RESET_METHODS = ['link', 'temporary', 'selfService', 'chat'] as const;
export type ResetMethod = (typeof RESET_METHODS)[number];
export const VERIFICATION_OUTCOMES = ['sent', 'verified', 'failed', 'locked'] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];
export const CODE_SOURCES = ['assisted', 'selfService'] as const;
export type CodeSource = (typeof CODE_SOURCES)[number];

export class StatsRangeDto {
  @ApiProperty({ example: '2026-10-28' }) from: string;
  @ApiProperty({ example: '2026-11-26' }) to: string;
  @ApiProperty({ enum: STATS_BUCKETS }) bucket: StatsBucket;
  @ApiProperty({ example: 'Europe/Berlin' }) timeZone: string;
  @ApiProperty({ description: 'when the figures were read' }) generatedAt: string;
}

/** A bar on a chart: local days start..end (inclusive), clipped to the range. */
export class BucketDto {
  @ApiProperty({ example: '2026-11-23' }) start: string;
  @ApiProperty({ example: '2026-11-26' }) end: string;
}

export class CountDto {
  @ApiProperty() key: string;
  @ApiProperty() count: number;
}

export class OpenTicketsDto {
  @ApiProperty({ description: 'tickets open now, in any of the working statuses' }) total: number;
  @ApiProperty({ type: [CountDto], description: `by status: ${OPEN_TICKET_STATUSES.join(', ')}` }) byStatus: CountDto[];
  @ApiProperty({ type: [CountDto], description: 'by channel: phone, portal, email, chat' }) byChannel: CountDto[];
}

export class TicketBucketDto extends BucketDto {
  @ApiProperty() opened: number;
  @ApiProperty() resolved: number;
}

export class ResolveTimeDto {
  @ApiProperty({ description: 'tickets resolved in the range' }) resolved: number;
  @ApiProperty({ type: Number, nullable: true, description: 'median seconds from opened to resolved (null: none resolved)' }) medianSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '90th percentile, linear interpolation between ranks' }) p90Seconds: number | null;
}

export class TopAgentDto {
  @ApiProperty() staffId: number;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ description: 'tickets assigned to them and resolved in the range' }) resolved: number;
}

export class TicketStatsDto {
  @ApiProperty({ type: OpenTicketsDto }) open: OpenTicketsDto;
  @ApiProperty() opened: number;
  @ApiProperty() resolved: number;
  @ApiProperty({ type: [TicketBucketDto] }) buckets: TicketBucketDto[];
  @ApiProperty({ type: ResolveTimeDto }) timeToResolve: ResolveTimeDto;
  @ApiProperty({ type: [TopAgentDto], description: 'the five agents with the most resolved tickets' }) topAgents: TopAgentDto[];
}

export class VerificationCountsDto {
  @ApiProperty({ description: 'codes sent' }) sent: number;
  @ApiProperty({ description: 'codes accepted (self-service: code accepted and password reset)' }) verified: number;
  @ApiProperty({ description: 'wrong codes entered' }) failed: number;
  @ApiProperty({ description: 'codes locked after too many wrong tries' }) locked: number;
}

export class VerificationTotalsDto extends VerificationCountsDto {
  @ApiProperty({ type: Number, nullable: true, description: 'verified ÷ sent, 0–1 (null: no code sent)' }) successRate: number | null;
}

export class VerificationBucketDto extends BucketDto {
  @ApiProperty() sent: number;
  @ApiProperty() verified: number;
  @ApiProperty() failed: number;
  @ApiProperty() locked: number;
}

export class VerificationStatsDto extends VerificationTotalsDto {
  @ApiProperty({ type: [VerificationBucketDto] }) buckets: VerificationBucketDto[];
  @ApiProperty({ type: VerificationTotalsDto, description: 'codes an agent sent on a ticket' }) assisted: VerificationTotalsDto;
  @ApiProperty({ type: VerificationTotalsDto, description: 'forgot-password codes' }) selfService: VerificationTotalsDto;
}

export class ResetCountsDto {
  @ApiProperty({ description: 'emailed reset links that were used' }) link: number;
  @ApiProperty({ description: 'temporary passwords issued by an agent' }) temporary: number;
  @ApiProperty({ description: 'forgot-password with an emailed code' }) selfService: number;
  @ApiProperty({ description: '#resetpassword# chat commands that reset a password' }) chat: number;
}

export class ResetBucketDto extends BucketDto {
  @ApiProperty() link: number;
  @ApiProperty() temporary: number;
  @ApiProperty() selfService: number;
  @ApiProperty() chat: number;
}

export class ResetStatsDto extends ResetCountsDto {
  @ApiProperty() total: number;
  @ApiProperty({ type: [ResetBucketDto] }) buckets: ResetBucketDto[];
}

export class MilestoneCountsDto {
  @ApiProperty({ description: 'days before expiry' }) milestone: number;
  @ApiProperty() queued: number;
  @ApiProperty() sent: number;
  @ApiProperty() failed: number;
}

export class ReminderStatsDto {
  @ApiProperty({ description: 'reminders delivered' }) sent: number;
  @ApiProperty({ type: [MilestoneCountsDto], description: 'reminders written in the range, by milestone and delivery state' }) byMilestone: MilestoneCountsDto[];
  @ApiProperty({ description: 'emails and chat messages of any kind that gave up after every retry' }) failedDeliveries: number;
  @ApiProperty({ type: [CountDto], description: 'failed deliveries by kind' }) failedByKind: CountDto[];
}

export class ExpiryDayDto {
  @ApiProperty({ example: '2026-11-27' }) date: string;
  @ApiProperty() count: number;
}

export class UpcomingExpiriesDto {
  @ApiProperty({ description: 'passwords expiring from today through the next 29 days' }) total: number;
  @ApiProperty({ type: [ExpiryDayDto] }) days: ExpiryDayDto[];
}

/** Everything the supervisor dashboard shows for a range (`GET /api/stats`). */
export class StatsDto {
  @ApiProperty({ type: StatsRangeDto }) range: StatsRangeDto;
  @ApiProperty({ type: TicketStatsDto }) tickets: TicketStatsDto;
  @ApiProperty({ type: VerificationStatsDto }) verification: VerificationStatsDto;
  @ApiProperty({ type: ResetStatsDto }) resets: ResetStatsDto;
  @ApiProperty({ type: ReminderStatsDto }) reminders: ReminderStatsDto;
  @ApiProperty({ type: UpcomingExpiriesDto, description: 'from today, whatever the range' }) upcomingExpiries: UpcomingExpiriesDto;
}
