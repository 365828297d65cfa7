import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsTimeZone, Matches } from 'class-validator';
import { STATS_BUCKETS, StatsBucket } from '../stats.types';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `?from=2026-11-01&to=2026-11-26&bucket=week&tz=Europe/Berlin` — days are whole local days in `tz`. */
export class StatsQueryDto {
  @ApiPropertyOptional({
    example: '2026-10-28',
    description: 'first day, inclusive (default: 29 days before `to`)',
    format: 'date',
    maxLength: 10,
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from is not a real day' })
  @Matches(ISO_DAY, { message: 'from must be a day as YYYY-MM-DD' })
  @IsString({ message: 'from must be given once, as YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-26', description: 'last day, inclusive (default: today)', format: 'date', maxLength: 10 })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to is not a real day' })
  @Matches(ISO_DAY, { message: 'to must be a day as YYYY-MM-DD' })
  @IsString({ message: 'to must be given once, as YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: STATS_BUCKETS, default: 'day' })
  @IsOptional()
  @IsIn(STATS_BUCKETS, { message: 'bucket must be "day" or "week"' })
  @IsString({ message: 'bucket must be given once, "day" or "week"' })
  bucket?: StatsBucket;

  @ApiPropertyOptional({
    example: 'Europe/Berlin',
    description: 'IANA time zone the days are counted in (default: REMINDER_TZ)',
    maxLength: 64,
  })
  @IsOptional()
  @IsTimeZone({ message: 'tz must be an IANA time zone such as UTC or Europe/Berlin' })
  @IsString({ message: 'tz must be given once, as an IANA time zone' })
  tz?: string;

  @ApiPropertyOptional({
    enum: ['previous'],
    description: 'also the headline figures of the days just before, as many as the range (for "vs previous period")',
  })
  @IsOptional()
  @IsIn(['previous'], { message: 'compare must be "previous"' })
  @IsString({ message: 'compare must be given once, "previous"' })
  compare?: 'previous';
}
