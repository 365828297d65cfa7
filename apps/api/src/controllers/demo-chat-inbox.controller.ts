import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@resetdesk/auth';
import { SignedWebhookGuard } from '@resetdesk/chat';
import { RequestErrorCode, RequestException } from '@resetdesk/core';
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

/**
 * Demo only (MAIL_CATCHER=true, 404 otherwise): stands in for the chat app
 * so `npm run demo` can point CHAT_OUTBOUND_URL here and show chat codes on
 * the Mailbox page. It checks the signature as a real chat app should
 * (the same guard as the inbound chat command).
 */
@ApiExcludeController()
@Public()
@UseGuards(SignedWebhookGuard)
@Controller('dev/chat-inbox')
export class DemoChatInboxController {
  constructor(private readonly mailCatcher: MailCatcherService) {}

  @Post()
  @HttpCode(200)
  receive(@Body() message: DemoChatMessageDto) {
    if (!this.mailCatcher.enabled)
      throw new RequestException(RequestErrorCode.NotFound, 'The demo chat inbox exists only in demo mode (MAIL_CATCHER=true)');
    const caught = this.mailCatcher.catchChatMessage(message.chatId, message.text);
    return { messageId: `demo-chat-${caught.id}` };
  }
}
