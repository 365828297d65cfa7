import { ApiProperty } from '@nestjs/swagger';
import { IsChatId } from '@resetdesk/accounts';
import { MultiLine } from '@resetdesk/core';
import { IsString, MaxLength } from 'class-validator';

/** What the chat app posts for each message a user sends to ResetDesk. */
export class ChatMessageDto {
  @ApiProperty({ example: 'U1042', description: 'the sender’s user id: printable ASCII, compared byte for byte', maxLength: 128 })
  @IsChatId()
  chatId: string;

  @ApiProperty({ example: '#resetpassword#Harbor-lantern-57-quiet', description: 'never logged' })
  @MultiLine()
  @MaxLength(2000, { message: 'text must be at most 2000 characters' })
  @IsString({ message: 'text must be text' })
  text: string;
}

export class ChatReplyDto {
  @ApiProperty({ description: 'what to post back to the user' }) reply: string;
}
