import { Body, Controller, Headers, HttpCode, Inject, Post, Req, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@resetdesk/auth';
import { chatConfig, ChatConfigType, isValidWebhookSignature, RequestErrorCode, RequestException, RequestWithRawBody } from '@resetdesk/core';
import { MailCatcherService } from '@resetdesk/mail-catcher';
import { IsString, MaxLength } from 'class-validator';

class DemoChatMessageDto {
  @IsString({ message: 'chatId must be text' })
  @MaxLength(128, { message: 'chatId must be at most 128 characters' })
  chatId: string;

  @IsString({ message: 'text must be text' })
  @MaxLength(4000, { message: 'text must be at most 4000 characters' })
  text: string;
}

const MAX_AGE_SECONDS = 300;

/**
 * Demo only (MAIL_CATCHER=true, 404 otherwise): stands in for the chat app
 * so `npm run demo` can point CHAT_OUTBOUND_URL here and show chat codes on
 * the Mailbox page. It checks the signature as a real chat app should.
 */
@ApiExcludeController()
@Public()
@Controller('dev/chat-inbox')
export class DemoChatInboxController {
  constructor(
    private readonly mailCatcher: MailCatcherService,
    @Inject(chatConfig.KEY) private readonly chat: ChatConfigType,
  ) {}

  @Post()
  @HttpCode(200)
  receive(
    @Req() req: RequestWithRawBody,
    @Headers('x-resetdesk-timestamp') timestamp: string | undefined,
    @Headers('x-resetdesk-signature') signature: string | undefined,
    @Body() message: DemoChatMessageDto,
  ) {
    if (!this.mailCatcher.enabled) throw new RequestException(RequestErrorCode.NotFound, 'The demo chat inbox exists only in demo mode (MAIL_CATCHER=true)');
    const fresh = timestamp !== undefined && /^\d+$/.test(timestamp) && Math.abs(Date.now() / 1000 - Number(timestamp)) <= MAX_AGE_SECONDS;
    if (!fresh || !signature || !req.rawBody || !isValidWebhookSignature(this.chat.webhookSecret, timestamp!, req.rawBody, signature)) {
      throw new UnauthorizedException('Missing, stale or wrong X-ResetDesk-Signature');
    }
    const caught = this.mailCatcher.catchChatMessage(message.chatId, message.text);
    return { messageId: `demo-chat-${caught.id}` };
  }
}
