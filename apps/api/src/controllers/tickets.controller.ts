import { Body, Controller, Get, Header, HttpCode, MessageEvent, Param, Post, Put, Sse, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuditEventDto } from '@resetdesk/audit';
import { CurrentStaff, MinRole } from '@resetdesk/auth';
import { ListQuery, ListQueryParam, RequestContext, RequestCtx, ApiSignedIn, ApiErrorResponses } from '@resetdesk/core';
import type { StaffPrincipal } from '@resetdesk/staff';
import {
  AccountUnlockedDto,
  ApprovalRequestedDto,
  AssistedResetService,
  ResetApprovedDto,
  ResetIssuedDto,
  ResetPasswordDto,
} from '@resetdesk/resets';
import {
  AddNoteDto,
  OpenTicketDto,
  TicketDetailDto,
  TicketDto,
  TicketEventsService,
  TicketExistsGuard,
  TicketListFilter,
  ticketListSpec,
  TicketNoteDto,
  TicketsService,
  UpdateTicketDto,
} from '@resetdesk/tickets';
import {
  CodeSentDto,
  CodeVerifiedDto,
  ManagerApprovalAskedDto,
  ManagerApprovalService,
  SendCodeDto,
  VerificationService,
  VerifyCodeDto,
} from '@resetdesk/verification';
import type { Observable } from 'rxjs';
import { idPipe } from '../id.pipe';

/**
 * Tickets: every staff member opens and works them and verifies callers; resetting and unlocking start at agent (a
 * verifier hands the verified ticket on). No DELETE: cancel or close instead.
 */
@ApiTags('tickets')
@ApiSignedIn()
@MinRole('verifier')
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly verification: VerificationService,
    private readonly managerApprovals: ManagerApprovalService,
    private readonly resets: AssistedResetService,
    private readonly ticketEvents: TicketEventsService,
  ) {}

  @Get()
  @ApiQuery({ name: 'filter', required: false, example: '{"mine":true,"active":true}' })
  @ApiOkResponse({ type: [TicketDto] })
  list(@CurrentStaff() staff: StaffPrincipal, @ListQueryParam(ticketListSpec) query: ListQuery<TicketListFilter>) {
    return this.tickets.list(staff, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: TicketDetailDto })
  get(@Param('id', idPipe) id: number) {
    return this.tickets.get(id);
  }

  @Sse(':id/events')
  @ApiOperation({
    summary: 'The ticket’s changes as they happen, from any API instance (server-sent events)',
    description:
      'Events: `ready` when the stream starts (reload the ticket then), `change` with a TicketChange (which actions, who, one line to show), `heartbeat` every 25 s. The stream ends when the session does, and after 15 minutes; reconnect with a fresh token.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'A stream of server-sent events', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @UseGuards(TicketExistsGuard)
  events(@CurrentStaff() staff: StaffPrincipal, @Param('id', idPipe) id: number): Observable<MessageEvent> {
    return this.ticketEvents.open(staff, id);
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: 'Every audit event of the ticket, oldest first (addresses masked for agents)' })
  @ApiOkResponse({ type: [AuditEventDto] })
  timeline(@CurrentStaff() staff: StaffPrincipal, @Param('id', idPipe) id: number) {
    return this.tickets.timeline(staff, id);
  }

  @Post()
  @ApiOperation({ summary: 'Open a ticket for an account; the account holder is told by email' })
  @ApiCreatedResponse({ type: TicketDetailDto })
  open(@CurrentStaff() staff: StaffPrincipal, @Body() dto: OpenTicketDto, @RequestCtx() context: RequestContext) {
    return this.tickets.open(staff, dto, context);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Change subject, description, priority, assignee, or move the status (409 when the move is not allowed)' })
  @ApiOkResponse({ type: TicketDetailDto })
  update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', idPipe) id: number,
    @Body() dto: UpdateTicketDto,
    @RequestCtx() context: RequestContext,
  ) {
    return this.tickets.update(staff, id, dto, context);
  }

  @Post(':id/notes')
  @ApiCreatedResponse({ type: TicketNoteDto })
  addNote(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', idPipe) id: number,
    @Body() dto: AddNoteDto,
    @RequestCtx() context: RequestContext,
  ) {
    return this.tickets.addNote(staff, id, dto, context);
  }

  @Post(':id/manager-approval')
  @HttpCode(202)
  @ApiOperation({
    summary:
      "Ask the account's manager on record to approve the caller: 202, and the manager is emailed Approve and Deny links (30 minutes, once); approval verifies the caller, denial ends the verification and alerts supervisors. 422 without a manager who can approve; 409 while one is asked; 429 after 3 in an hour per account",
  })
  @ApiOkResponse({ type: ManagerApprovalAskedDto })
  @ApiErrorResponses(429)
  askManager(@CurrentStaff() staff: StaffPrincipal, @Param('id', idPipe) id: number, @RequestCtx() context: RequestContext) {
    return this.managerApprovals.request(staff, id, context);
  }

  @Post(':id/otp')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Send the account holder a 6-digit code naming this ticket and agent, by email or chat; 429 within 60 s of the last or after 5 in an hour',
  })
  @ApiOkResponse({ type: CodeSentDto })
  @ApiErrorResponses(429)
  sendCode(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', idPipe) id: number,
    @Body() dto: SendCodeDto,
    @RequestCtx() context: RequestContext,
  ) {
    return this.verification.sendCode(staff, id, dto.channel, context);
  }

  @Post(':id/otp/verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check the code the caller read out: 200 verified, 422 with attemptsLeft, 423 locked, 410 expired or superseded',
  })
  @ApiOkResponse({ type: CodeVerifiedDto })
  verifyCode(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', idPipe) id: number,
    @Body() dto: VerifyCodeDto,
    @RequestCtx() context: RequestContext,
  ) {
    return this.verification.verifyCode(staff, id, dto.code, context);
  }

  @Post(':id/reset')
  @MinRole('agent')
  @HttpCode(202)
  // The answer may carry a temporary password: no cache may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      "Reset the verified caller's password: an emailed single-use link, or a temporary password returned this once; 403 unless verified (and approved, for privileged accounts)",
  })
  @ApiOkResponse({ type: ResetIssuedDto })
  reset(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', idPipe) id: number,
    @Body() dto: ResetPasswordDto,
    @RequestCtx() context: RequestContext,
  ) {
    return this.resets.reset(staff, id, dto.method, context);
  }

  @Post(':id/unlock')
  @MinRole('agent')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Clear the verified caller's lockout without changing the password (in the directory when one is configured); 403 unless verified, 503 when the directory is away",
  })
  @ApiOkResponse({ type: AccountUnlockedDto })
  unlock(@CurrentStaff() staff: StaffPrincipal, @Param('id', idPipe) id: number, @RequestCtx() context: RequestContext) {
    return this.resets.unlock(staff, id, context);
  }

  @Post(':id/approval-request')
  @MinRole('agent')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Ask supervisors to approve the reset of a privileged account on a verified ticket: those who may approve it are emailed, once per verification',
  })
  @ApiOkResponse({ type: ApprovalRequestedDto })
  requestApproval(@CurrentStaff() staff: StaffPrincipal, @Param('id', idPipe) id: number, @RequestCtx() context: RequestContext) {
    return this.resets.requestApproval(staff, id, context);
  }

  @Post(':id/approve-reset')
  @MinRole('supervisor')
  @HttpCode(200)
  @ApiOperation({ summary: "Approve the reset of a privileged account (a supervisor other than the ticket's agent); valid for an hour" })
  @ApiOkResponse({ type: ResetApprovedDto })
  approveReset(@CurrentStaff() staff: StaffPrincipal, @Param('id', idPipe) id: number, @RequestCtx() context: RequestContext) {
    return this.resets.approve(staff, id, context);
  }
}
