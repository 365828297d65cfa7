import { ApiProperty } from '@nestjs/swagger';
import { TicketCodeDto } from '@resetdesk/tickets';
import { IsIn, IsString, Matches } from 'class-validator';
import { VerificationChallengeEntity } from '../verification-challenge.entity';

export const CODE_CHANNELS = ['email', 'personal_email', 'chat', 'authenticator'] as const;
export type CodeChannel = (typeof CODE_CHANNELS)[number];

export class SendCodeDto {
  @ApiProperty({
    enum: CODE_CHANNELS,
    description:
      "where the code comes from: sent to the account's login email, its personal email on record, or its linked chat id (signed webhook to CHAT_OUTBOUND_URL), or read by the caller from their own enrolled authenticator app (nothing is sent)",
  })
  @IsIn(CODE_CHANNELS, { message: 'channel must be email, personal_email, chat or authenticator' })
  channel: CodeChannel;
}

export class VerifyCodeDto {
  @ApiProperty({ example: '123456', description: 'the 6 digits the caller read out', maxLength: 6 })
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits the caller read out' })
  @IsString({ message: 'code must be text' })
  code: string;
}

export class CodeSentDto {
  @ApiProperty() challengeId: number;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ description: 'when another code may be sent' }) resendAvailableAt: string;
}

export class CodeVerifiedDto {
  @ApiProperty({ enum: [true] }) verified: true;
  @ApiProperty({ description: 'the ticket may be reset until then' }) verifiedUntil: string;
}

/** A code as the ticket's detail lists it: never its hash. */
export function toTicketCodeDto(code: VerificationChallengeEntity): TicketCodeDto {
  return {
    id: code.id,
    channel: code.channel,
    status: code.status,
    attempts: code.attempts,
    issuedAt: code.createdAt.toISOString(),
    expiresAt: code.expiresAt.toISOString(),
    verifiedAt: code.verifiedAt?.toISOString() ?? null,
  };
}
