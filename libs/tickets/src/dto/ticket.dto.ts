import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AccountEntity } from '@resetdesk/accounts';
import { MultiLine, Trim } from '@resetdesk/core';
import type { StaffEntity } from '@resetdesk/staff';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { FINISHED_STATUSES, MANUAL_STATUSES, manualMoves } from '../ticket-status';
import {
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TicketChannel,
  TicketEntity,
  TicketNoteEntity,
  TicketPriority,
  TicketStatus,
} from '../ticket.entity';

export class OpenTicketDto {
  @ApiProperty({ description: 'the account the caller is locked out of' })
  @Min(1, { message: 'accountId must be a positive whole number' })
  @IsInt({ message: 'accountId must be a positive whole number' })
  accountId: number;

  @ApiProperty({ example: 'Locked out after holiday' })
  @Trim()
  @MinLength(1, { message: 'subject must not be empty' })
  @MaxLength(200, { message: 'subject must be at most 200 characters' })
  @IsString({ message: 'subject must be text' })
  subject: string;

  @ApiPropertyOptional()
  @MultiLine()
  @IsOptional()
  @Trim()
  @MaxLength(5000, { message: 'description must be at most 5000 characters' })
  @IsString({ message: 'description must be text' })
  description?: string;

  @ApiProperty({ enum: TICKET_CHANNELS })
  @IsIn(TICKET_CHANNELS, { message: `channel must be one of ${TICKET_CHANNELS.join(', ')}` })
  channel: TicketChannel;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, default: 'normal' })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES, { message: `priority must be one of ${TICKET_PRIORITIES.join(', ')}` })
  priority?: TicketPriority;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'staff member to assign; defaults to whoever opens it' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Min(1, { message: 'assigneeId must be a positive whole number or null' })
  @IsInt({ message: 'assigneeId must be a positive whole number or null' })
  assigneeId?: number | null;
}

export class UpdateTicketDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @MinLength(1, { message: 'subject must not be empty' })
  @MaxLength(200, { message: 'subject must be at most 200 characters' })
  @IsString({ message: 'subject must be text' })
  subject?: string;

  @ApiPropertyOptional()
  @MultiLine()
  @IsOptional()
  @Trim()
  @MaxLength(5000, { message: 'description must be at most 5000 characters' })
  @IsString({ message: 'description must be text' })
  description?: string;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES, { message: `priority must be one of ${TICKET_PRIORITIES.join(', ')}` })
  priority?: TicketPriority;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Min(1, { message: 'assigneeId must be a positive whole number or null' })
  @IsInt({ message: 'assigneeId must be a positive whole number or null' })
  assigneeId?: number | null;

  @ApiPropertyOptional({ enum: MANUAL_STATUSES, description: 'verification and reset steps move the status themselves' })
  @IsOptional()
  @IsIn(MANUAL_STATUSES, { message: `status may be set to ${MANUAL_STATUSES.join(', ')}; the other steps follow verification and resets` })
  status?: TicketStatus;

  @ApiPropertyOptional({
    description: 'the account the ticket is for, corrected when the wrong person was picked: only while no code was sent for the ticket',
  })
  @IsOptional()
  @Min(1, { message: 'accountId must be a positive whole number' })
  @IsInt({ message: 'accountId must be a positive whole number' })
  accountId?: number;

  @ApiPropertyOptional({
    description: 'why the ticket is cancelled, closed or moved to another account; kept in its trail',
    maxLength: 500,
  })
  @IsOptional()
  @Trim()
  @MinLength(1, { message: 'reason must not be empty' })
  @MaxLength(500, { message: 'reason must be at most 500 characters' })
  @IsString({ message: 'reason must be text' })
  reason?: string;
}

export class AddNoteDto {
  @ApiProperty()
  @MultiLine()
  @Trim()
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(5000, { message: 'body must be at most 5000 characters' })
  @IsString({ message: 'body must be text' })
  body: string;
}

export class TicketNoteDto {
  @ApiProperty() id: number;
  @ApiProperty() body: string;
  @ApiProperty() authorStaffId: number;
  @ApiProperty() authorName: string;
  @ApiProperty() createdAt: string;
}

// Answers: every field is always present; `nullable` marks the ones that may be null.
export class TicketDto {
  @ApiProperty() id: number;
  @ApiProperty() accountId: number;
  @ApiProperty() accountUsername: string;
  @ApiProperty() accountDisplayName: string;
  @ApiProperty() accountPrivileged: boolean;
  @ApiProperty({ description: 'the account has a linked chat id, so codes can go by chat' }) accountChatLinked: boolean;
  @ApiProperty({ description: 'the account has a personal email on record, so codes can go there' }) accountPersonalEmailOnRecord: boolean;
  @ApiProperty() subject: string;
  @ApiProperty() description: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'a phone number the portal requester asked to be called back on: their word, not verified',
  })
  callbackPhone: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'another email address the portal requester gave: their word, not verified; nothing is sent to it automatically',
  })
  callbackEmail: string | null;
  @ApiProperty({ enum: TICKET_CHANNELS }) channel: TicketChannel;
  @ApiProperty({ enum: TICKET_PRIORITIES }) priority: TicketPriority;
  @ApiProperty({ enum: TICKET_STATUSES }) status: TicketStatus;
  @ApiProperty({ type: String, nullable: true, description: 'a reset is allowed until then' }) verifiedUntil: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'when the agent asked supervisors to approve the reset, while that request waits for an answer (POST /api/tickets/{id}/approval-request)',
  })
  approvalRequestedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'who asked, while the request waits' }) approvalRequestedByName: string | null;
  @ApiProperty({ type: Number, nullable: true }) assigneeId: number | null;
  @ApiProperty({ type: String, nullable: true }) assigneeName: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: String, nullable: true }) resolvedAt: string | null;
  @ApiProperty({ enum: TICKET_STATUSES, isArray: true, description: 'the statuses a person may move the ticket to now (PUT status)' })
  allowedMoves: TicketStatus[];
  @ApiProperty({ description: 'resolved, closed or cancelled: no more codes, resets or assignment' }) finished: boolean;
}

export class TicketCodeDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['email', 'personal_email', 'chat', 'authenticator'] }) channel: string;
  @ApiProperty({ enum: ['pending', 'verified', 'expired', 'locked', 'superseded'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty() issuedAt: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ type: String, nullable: true }) verifiedAt: string | null;
}

export class TicketLinkDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['pending', 'used', 'expired', 'revoked'] }) status: 'pending' | 'used' | 'expired' | 'revoked';
  @ApiProperty() issuedAt: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ type: String, nullable: true }) usedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) revokedAt: string | null;
}

export class TicketApprovalDto {
  @ApiProperty() approvedByStaffId: number;
  @ApiProperty() approvedByName: string;
  @ApiProperty() approvedAt: string;
  @ApiProperty() validUntil: string;
}

export class TicketManagerApprovalDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['pending', 'approved', 'denied', 'expired'] }) status: 'pending' | 'approved' | 'denied' | 'expired';
  @ApiProperty({ description: 'the manager asked, by name and username' }) managerName: string;
  @ApiProperty() requestedAt: string;
  @ApiProperty({ description: 'the links in the email work until then (30 minutes)' }) expiresAt: string;
  @ApiProperty({ type: String, nullable: true }) decidedAt: string | null;
}

export class TicketDetailDto extends TicketDto {
  @ApiProperty({ type: [TicketLinkDto], description: 'every reset link issued on this ticket: issued, expires, used (never the token)' })
  links: TicketLinkDto[];
  @ApiProperty({
    type: TicketApprovalDto,
    nullable: true,
    description: 'a supervisor approval still waiting to be used (privileged accounts)',
  })
  approval: TicketApprovalDto | null;
  @ApiProperty({
    type: [Number],
    description: "staff who may not approve this ticket's reset: its agent and whoever sent or entered the verifying code",
  })
  approvalBarredStaffIds: number[];
  @ApiProperty({ type: [TicketNoteDto] }) notes: TicketNoteDto[];
  @ApiProperty({
    type: [TicketCodeDto],
    description: 'every code sent for this ticket: issued, expires, attempts, outcome (never the code)',
  })
  codes: TicketCodeDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'when the cooldown after the last code ends (null: none sent yet); the hourly limit per account may still refuse a code then',
  })
  resendAvailableAt: string | null;
  @ApiProperty({ description: 'codes on this ticket locked twice: only a supervisor may send the next one' })
  codeNeedsSupervisor: boolean;
  @ApiProperty({
    description: 'whether the holder enrolled an authenticator app: the caller can read its current code instead of one sent',
  })
  authenticatorEnrolled: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "the account's manager on record, who can be asked to approve the caller (null: none on record)",
  })
  accountManagerName: string | null;
  @ApiProperty({ type: TicketManagerApprovalDto, nullable: true, description: 'the newest manager approval asked on this ticket' })
  managerApproval: TicketManagerApprovalDto | null;
}

/** The holder's account, the assignee and who asked for approval, shown by name (any may be gone). */
export interface TicketPeople {
  account?: Pick<AccountEntity, 'username' | 'displayName' | 'privileged' | 'chatId' | 'personalEmail'>;
  assignee?: Pick<StaffEntity, 'name'>;
  approvalRequester?: Pick<StaffEntity, 'name'>;
}

/** A request for approval waits while the verification it was made in holds and no approval came after it. */
export function awaitsApproval(ticket: TicketEntity, now: Date): boolean {
  return (
    ticket.approvalRequestedAt !== null &&
    (ticket.resetApprovedAt === null || ticket.resetApprovedAt < ticket.approvalRequestedAt) &&
    ticket.status === 'verified' &&
    ticket.verifiedUntil !== null &&
    ticket.verifiedUntil > now
  );
}

export function toTicketDto(ticket: TicketEntity, { account, assignee, approvalRequester }: TicketPeople, now: Date): TicketDto {
  const awaiting = awaitsApproval(ticket, now);
  return {
    id: ticket.id,
    accountId: ticket.accountId,
    accountUsername: account?.username ?? '',
    accountDisplayName: account?.displayName ?? '',
    accountPrivileged: account?.privileged ?? false,
    accountChatLinked: Boolean(account?.chatId),
    accountPersonalEmailOnRecord: Boolean(account?.personalEmail),
    subject: ticket.subject,
    description: ticket.description,
    callbackPhone: ticket.callbackPhone ?? null,
    callbackEmail: ticket.callbackEmail ?? null,
    channel: ticket.channel,
    priority: ticket.priority,
    status: ticket.status,
    verifiedUntil: ticket.verifiedUntil?.toISOString() ?? null,
    approvalRequestedAt: awaiting ? ticket.approvalRequestedAt!.toISOString() : null,
    approvalRequestedByName: awaiting ? (approvalRequester?.name ?? '') : null,
    assigneeId: ticket.assigneeId,
    assigneeName: ticket.assigneeId ? (assignee?.name ?? null) : null,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
    allowedMoves: manualMoves(ticket.status),
    finished: FINISHED_STATUSES.includes(ticket.status),
  };
}

export function toTicketNoteDto(note: TicketNoteEntity, author: Pick<StaffEntity, 'name'> | undefined): TicketNoteDto {
  return {
    id: note.id,
    body: note.body,
    authorStaffId: note.authorStaffId,
    authorName: author?.name ?? '',
    createdAt: note.createdAt.toISOString(),
  };
}
