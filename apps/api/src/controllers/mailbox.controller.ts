import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { MinRole } from '@resetdesk/auth';
import { Page, ApiSignedIn } from '@resetdesk/core';
import { MailCatcherService } from '@resetdesk/mail-catcher';
import { idPipe } from '../id.pipe';

/** The demo mail catcher's messages, for any signed-in staff member; 404 unless MAIL_CATCHER=true. */
@ApiTags('demo mailbox')
@ApiSignedIn()
@MinRole('verifier')
@Controller('dev/mailbox')
export class MailboxController {
  constructor(private readonly mailCatcher: MailCatcherService) {}

  @Get()
  @ApiOperation({ summary: 'Messages caught by the demo SMTP sink, newest first' })
  list() {
    const messages = this.mailCatcher.list().map(({ html: _html, text: _text, ...summary }) => summary);
    return new Page('mailbox', messages, messages.length, 0);
  }

  @Get(':id')
  get(@Param('id', idPipe) id: number) {
    return this.mailCatcher.get(id);
  }

  @Delete()
  @HttpCode(204)
  clear() {
    this.mailCatcher.clear();
  }
}
