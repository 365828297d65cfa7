import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';

export class SendCodeDto {
  @ApiProperty({ enum: ['email'], description: 'where the code goes: the account\'s registered email' })
  @IsIn(['email'], { message: 'channel must be email (chat delivery is not available yet)' })
  channel: 'email';
}

export class VerifyCodeDto {
  @ApiProperty({ example: '123456', description: 'the 6 digits the caller read out' })
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
