import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiSecurity, ApiResponse } from '@nestjs/swagger';
import { Public } from '@resetdesk/auth';
import { SignedWebhookGuard } from '@resetdesk/chat';
import { RequestContext, RequestCtx, SecurityScheme, errorResponse } from '@resetdesk/core';
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
  @ApiHeader({
    name: 'X-ResetDesk-Timestamp',
    description: 'Unix seconds; refused when more than 5 minutes off',
    schema: { type: 'string', pattern: '^[0-9]{1,12}$', maxLength: 12 },
  })
  @ApiSecurity(SecurityScheme.ChatSignature)
  @ApiOperation({
    summary: 'A chat message: "#resetpassword#<new password>" from a linked chat id resets its account; the reply says what happened',
  })
  @ApiOkResponse({ type: ChatReplyDto })
  @ApiResponse(errorResponse(401, 'missing, wrong or stale signature'))
  receive(@Body() message: ChatMessageDto, @RequestCtx() context: RequestContext): Promise<ChatReplyDto> {
    return this.chat.handle(message, context);
  }
}
