import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuditEventEntity } from '../audit-event.entity';
import { AuditVerificationEntity } from '../chain/audit-verification.entity';

export class AuditEventDto {
  @ApiProperty() id: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'position in the hash chain; null until sealed (within a second)' })
  seq: number | null;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ enum: ['staff', 'account', 'system', 'anonymous'] }) actorType: string;
  @ApiPropertyOptional({ type: String, nullable: true }) actorId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) actorLabel: string | null;
  @ApiProperty({ example: 'auth.sign_in.succeeded' }) action: string;
  @ApiPropertyOptional({ type: String, nullable: true }) targetType: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) targetId: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) ticketId: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) accountId: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) ip: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({ type: Object }) details: Record<string, unknown>;
  @ApiPropertyOptional({ type: String, nullable: true }) prevHash: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) hash: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) sealedAt: string | null;
}

export function toAuditEventDto(event: AuditEventEntity): AuditEventDto {
  return {
    id: event.id,
    seq: event.seq,
    occurredAt: event.occurredAt.toISOString(),
    actorType: event.actorType,
    actorId: event.actorId,
    actorLabel: event.actorLabel,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    ticketId: event.ticketId,
    accountId: event.accountId,
    ip: event.ip,
    userAgent: event.userAgent,
    details: typeof event.details === 'string' ? JSON.parse(event.details) : event.details,
    prevHash: event.prevHash,
    hash: event.hash,
    sealedAt: event.sealedAt?.toISOString() ?? null,
  };
}

export class ChainStatusDto {
  @ApiProperty({ enum: ['verified', 'broken', 'never-verified'] }) status: 'verified' | 'broken' | 'never-verified';
  @ApiPropertyOptional({ type: String, nullable: true }) checkedAt: string | null;
  @ApiProperty({ description: 'sealed events checked' }) events: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) lastSeq: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) headHash: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'first broken sequence number' }) brokenAtSeq: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, enum: ['missing', 'changed', 'inserted', 'reordered'] }) reason: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) message: string | null;
  @ApiProperty({ description: 'events recorded but not sealed yet' }) pending: number;
}

export function toChainStatusDto(verification: AuditVerificationEntity | null, pending: number): ChainStatusDto {
  return {
    status: !verification ? 'never-verified' : verification.ok ? 'verified' : 'broken',
    checkedAt: verification?.finishedAt.toISOString() ?? null,
    events: verification?.events ?? 0,
    lastSeq: verification?.lastSeq ?? null,
    headHash: verification?.headHash ?? null,
    brokenAtSeq: verification?.brokenSeq ?? null,
    reason: verification?.reason ?? null,
    message: verification?.message ?? null,
    pending,
  };
}
