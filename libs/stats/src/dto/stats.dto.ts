import { ApiProperty } from '@nestjs/swagger';
import * as Shape from '../stats.types';
import { OPEN_TICKET_STATUSES, STATS_BUCKETS, StatsBucket } from '../stats.types';

export class StatsRangeDto implements Shape.StatsRangeShape {
  @ApiProperty({ example: '2026-10-28' }) from: string;
  @ApiProperty({ example: '2026-11-26' }) to: string;
  @ApiProperty({ enum: STATS_BUCKETS }) bucket: StatsBucket;
  @ApiProperty({ example: 'Europe/Berlin' }) timeZone: string;
  @ApiProperty({ description: 'when the figures were read' }) generatedAt: string;
}

/** A bar on a chart: local days start..end (inclusive), clipped to the range. */
export class BucketDto implements Shape.Bucket {
  @ApiProperty({ example: '2026-11-23' }) start: string;
  @ApiProperty({ example: '2026-11-26' }) end: string;
}

export class CountDto implements Shape.Count {
  @ApiProperty() key: string;
  @ApiProperty() count: number;
}

export class OpenTicketsDto implements Shape.OpenTickets {
  @ApiProperty({ description: 'tickets open now, in any of the working statuses' }) total: number;
  @ApiProperty({ type: [CountDto], description: `by status: ${OPEN_TICKET_STATUSES.join(', ')}` }) byStatus: CountDto[];
  @ApiProperty({ type: [CountDto], description: 'by channel: phone, portal, email, chat' }) byChannel: CountDto[];
}

export class TicketBucketDto extends BucketDto implements Shape.TicketBucket {
  @ApiProperty() opened: number;
  @ApiProperty() resolved: number;
}

export class ResolveTimeDto implements Shape.ResolveTime {
  @ApiProperty({ description: 'tickets resolved in the range' }) resolved: number;
  @ApiProperty({ type: Number, nullable: true, description: 'median seconds from opened to resolved (null: none resolved)' })
  medianSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '90th percentile, linear interpolation between ranks' }) p90Seconds:
    number | null;
}

export class TopAgentDto implements Shape.TopAgent {
  @ApiProperty() staffId: number;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ description: 'tickets assigned to them and resolved in the range' }) resolved: number;
}

export class TicketStatsDto implements Shape.TicketStats {
  @ApiProperty({ type: OpenTicketsDto }) open: OpenTicketsDto;
  @ApiProperty() opened: number;
  @ApiProperty() resolved: number;
  @ApiProperty({ type: [TicketBucketDto] }) buckets: TicketBucketDto[];
  @ApiProperty({ type: ResolveTimeDto }) timeToResolve: ResolveTimeDto;
  @ApiProperty({ type: [TopAgentDto], description: 'the five agents with the most resolved tickets' }) topAgents: TopAgentDto[];
}

export class VerificationCountsDto implements Shape.VerificationCounts {
  @ApiProperty({ description: 'codes sent' }) sent: number;
  @ApiProperty({ description: 'codes accepted (self-service: code accepted and password reset)' }) verified: number;
  @ApiProperty({ description: 'wrong codes entered' }) failed: number;
  @ApiProperty({ description: 'codes locked after too many wrong tries' }) locked: number;
}

export class VerificationTotalsDto extends VerificationCountsDto implements Shape.VerificationTotals {
  @ApiProperty({ type: Number, nullable: true, description: 'verified ÷ sent, 0–1 (null: no code sent)' }) successRate: number | null;
}

export class VerificationBucketDto extends BucketDto implements Shape.VerificationBucket {
  @ApiProperty() sent: number;
  @ApiProperty() verified: number;
  @ApiProperty() failed: number;
  @ApiProperty() locked: number;
}

export class VerificationStatsDto extends VerificationTotalsDto implements Shape.VerificationStats {
  @ApiProperty({ type: [VerificationBucketDto] }) buckets: VerificationBucketDto[];
  @ApiProperty({ type: VerificationTotalsDto, description: 'codes an agent sent on a ticket' }) assisted: VerificationTotalsDto;
  @ApiProperty({ type: VerificationTotalsDto, description: 'forgot-password codes' }) selfService: VerificationTotalsDto;
}

export class ResetCountsDto implements Shape.ResetCounts {
  @ApiProperty({ description: 'emailed reset links that were used' }) link: number;
  @ApiProperty({ description: 'temporary passwords issued by an agent' }) temporary: number;
  @ApiProperty({ description: 'forgot-password with an emailed code' }) selfService: number;
  @ApiProperty({ description: '#resetpassword# chat commands that reset a password' }) chat: number;
}

export class ResetBucketDto extends BucketDto implements Shape.ResetBucket {
  @ApiProperty() link: number;
  @ApiProperty() temporary: number;
  @ApiProperty() selfService: number;
  @ApiProperty() chat: number;
}

export class ResetStatsDto extends ResetCountsDto implements Shape.ResetStats {
  @ApiProperty() total: number;
  @ApiProperty({ type: [ResetBucketDto] }) buckets: ResetBucketDto[];
}

export class MilestoneCountsDto implements Shape.MilestoneCounts {
  @ApiProperty({ description: 'days before expiry' }) milestone: number;
  @ApiProperty() queued: number;
  @ApiProperty() sent: number;
  @ApiProperty() failed: number;
}

export class ReminderStatsDto implements Shape.ReminderStats {
  @ApiProperty({ description: 'reminders delivered' }) sent: number;
  @ApiProperty({ type: [MilestoneCountsDto], description: 'reminders written in the range, by milestone and delivery state' })
  byMilestone: MilestoneCountsDto[];
  @ApiProperty({ description: 'emails and chat messages of any kind that gave up after every retry' }) failedDeliveries: number;
  @ApiProperty({ type: [CountDto], description: 'failed deliveries by kind' }) failedByKind: CountDto[];
}

export class ExpiryDayDto implements Shape.ExpiryDay {
  @ApiProperty({ example: '2026-11-27' }) date: string;
  @ApiProperty() count: number;
}

export class UpcomingExpiriesDto implements Shape.UpcomingExpiries {
  @ApiProperty({ description: 'passwords expiring from today through the next 29 days' }) total: number;
  @ApiProperty({ type: [ExpiryDayDto] }) days: ExpiryDayDto[];
}

export class PreviousPeriodDto implements Shape.PreviousPeriod {
  @ApiProperty({ example: '2026-09-29' }) from: string;
  @ApiProperty({ example: '2026-10-28' }) to: string;
  @ApiProperty() opened: number;
  @ApiProperty() resolved: number;
  @ApiProperty({ type: Number, nullable: true }) medianResolveSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true }) verificationSuccessRate: number | null;
  @ApiProperty() resets: number;
  @ApiProperty() remindersSent: number;
  @ApiProperty() failedDeliveries: number;
}

/** `GET /api/stats` as documented in OpenAPI; the shape itself is `Stats` in stats.types. */
export class StatsDto implements Shape.Stats {
  @ApiProperty({ type: StatsRangeDto }) range: StatsRangeDto;
  @ApiProperty({
    type: PreviousPeriodDto,
    nullable: true,
    description: 'the headline figures of the days just before (compare=previous), else null',
  })
  previous: PreviousPeriodDto | null;
  @ApiProperty({ type: TicketStatsDto }) tickets: TicketStatsDto;
  @ApiProperty({ type: VerificationStatsDto }) verification: VerificationStatsDto;
  @ApiProperty({ type: ResetStatsDto }) resets: ResetStatsDto;
  @ApiProperty({ type: ReminderStatsDto }) reminders: ReminderStatsDto;
  @ApiProperty({ type: UpcomingExpiriesDto, description: 'from today, whatever the range' }) upcomingExpiries: UpcomingExpiriesDto;
}
