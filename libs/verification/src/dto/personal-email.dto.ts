import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class PersonalEmailConfirmationDto {
  @ApiProperty({ description: 'confirms this address with the code sent to it (10 minutes, once)' }) confirmationToken: string;
  @ApiProperty({ description: 'the address the code went to' }) sentTo: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ description: 'another personal email is on record: confirming this one replaces it' }) replacing: boolean;
}

export class PersonalEmailStateDto {
  @ApiProperty({ type: String, nullable: true, description: 'the personal email on record now' }) personalEmail: string | null;
}

export class ConfirmPersonalEmailDto {
  @ApiProperty({ maxLength: 64 })
  @MaxLength(64, { message: 'confirmationToken is too long' })
  @IsString({ message: 'confirmationToken must be text' })
  confirmationToken: string;

  @ApiProperty({ example: '123456', description: 'the 6 digits from the email sent to the new address', maxLength: 6 })
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits from the email' })
  @IsString({ message: 'code must be text' })
  code: string;
}
