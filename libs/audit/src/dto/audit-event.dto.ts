import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuditEventEntity } from '../audit-event.entity';
import { AuditSubjectNames } from '../audit-events.repository';
import { AUDIT_TARGET_LABELS } from '../audit.types';
import { AuditVerificationEntity } from '../chain/audit-verification.entity';

export class AuditEventDto {
  @ApiProperty() id: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'position in the hash chain; null until sealed (within a second)' })
  seq: number | null;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ enum: ['staff', 'account', 'system', 'anonymous'] }) actorType: string;
  @ApiPropertyOptional({ type: String, nullable: true }) actorId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'as recorded at the time (a staff email, a username)' })
  actorLabel: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "the actor's name now: a staff member's name, an account's display name and username",
  })
  actorName: string | null;
  @ApiProperty({ example: 'auth.sign_in.succeeded' }) action: string;
  @ApiPropertyOptional({ type: String, nullable: true }) targetType: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) targetId: string | null;
  @ApiProperty({ description: 'the target in words: "Dana Reyes (dreyes)", "Ticket #12", "Policy Corporate", "Reset link #3"' })
  targetName: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) ticketId: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) accountId: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the account it concerns, by name' }) accountName: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) ip: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({ type: Object }) details: Record<string, unknown>;
  @ApiPropertyOptional({ type: String, nullable: true }) prevHash: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) hash: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) sealedAt: string | null;
}

const NO_NAMES: AuditSubjectNames = { accounts: new Map(), staff: new Map(), policies: new Map() };

function nameIn(names: Map<number, string>, id: string | number | null): string | undefined {
  return id === null ? undefined : names.get(Number(id));
}

function targetNameOf(event: AuditEventEntity, names: AuditSubjectNames): string {
  if (!event.targetType) return '';
  const kind = AUDIT_TARGET_LABELS[event.targetType] ?? event.targetType;
  if (event.targetType === 'account') return nameIn(names.accounts, event.targetId) ?? `${kind} #${event.targetId}`;
  if (event.targetType === 'staff') return nameIn(names.staff, event.targetId) ?? `${kind} #${event.targetId}`;
  const policy = event.targetType === 'password-policy' ? nameIn(names.policies, event.targetId) : undefined;
  if (policy) return `${kind} ${policy}`;
  return event.targetId ? `${kind} #${event.targetId}` : kind;
}

export function toAuditEventDto(event: AuditEventEntity, names: AuditSubjectNames = NO_NAMES): AuditEventDto {
  const actorName =
    event.actorType === 'staff'
      ? nameIn(names.staff, event.actorId)
      : event.actorType === 'account'
        ? nameIn(names.accounts, event.actorId)
        : undefined;
  return {
    id: event.id,
    seq: event.seq,
    occurredAt: event.occurredAt.toISOString(),
    actorType: event.actorType,
    actorId: event.actorId,
    actorLabel: event.actorLabel,
    actorName: actorName ?? null,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    targetName: targetNameOf(event, names),
    ticketId: event.ticketId,
    accountId: event.accountId,
    accountName: nameIn(names.accounts, event.accountId) ?? null,
    ip: event.ip,
    userAgent: event.userAgent,
    details: typeof event.details === 'string' ? JSON.parse(event.details) : event.details,
    prevHash: event.prevHash,
    hash: event.hash,
    sealedAt: event.sealedAt?.toISOString() ?? null,
  };
}

export class AuditStaffMemberDto {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
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
