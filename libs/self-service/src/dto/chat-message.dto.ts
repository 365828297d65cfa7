import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MultiLine } from '@resetdesk/core';

/** What the chat app posts for each message a user sends to ResetDesk. */
export class ChatMessageDto {
  @ApiProperty({ example: 'U1042' })
  @MinLength(1, { message: 'chatId must not be empty' })
  @MaxLength(128, { message: 'chatId must be at most 128 characters' })
  @IsString({ message: 'chatId must be text' })
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
