import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@resetdesk/auth';
import { SignedWebhookGuard, RequestContext, RequestCtx } from '@resetdesk/core';
import { ChatCommandService, ChatMessageDto, ChatReplyDto } from '@resetdesk/self-service';

/** The chat app's webhook: signed with CHAT_WEBHOOK_SECRET instead of a staff token. */
@ApiTags('integrations')
@Public()
@UseGuards(SignedWebhookGuard)
@Controller('integrations/chat')
export class ChatIntegrationController {
  constructor(private readonly chat: ChatCommandService) {}

  @Post()
  @HttpCode(200)
  @ApiHeader({ name: 'X-ResetDesk-Timestamp', description: 'Unix seconds; refused when more than 5 minutes off' })
  @ApiHeader({
    name: 'X-ResetDesk-Signature',
    description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with CHAT_WEBHOOK_SECRET>',
  })
  @ApiOperation({
    summary: 'A chat message: "#resetpassword#<new password>" from a linked chat id resets its account; the reply says what happened',
  })
  @ApiOkResponse({ type: ChatReplyDto })
  @ApiUnauthorizedResponse({ description: 'missing, wrong or stale signature' })
  receive(@Body() message: ChatMessageDto, @RequestCtx() context: RequestContext): Promise<ChatReplyDto> {
    return this.chat.handle(message, context);
  }
}
