import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength } from 'class-validator';

export class ForgotPasswordDto {
  @ApiProperty({ example: 'dana@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320, { message: 'email must be at most 320 characters' })
  @IsString({ message: 'email must be text' })
  email: string;
}

/** The address and the emailed code: enough to look at the account's rules, not yet to change anything. */
export class ForgotPasswordCodeDto extends ForgotPasswordDto {
  @ApiProperty({ example: '123456', description: 'the 6 digits from the email', maxLength: 6 })
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits from the email' })
  @IsString({ message: 'code must be text' })
  code: string;
}

export class ForgotPasswordVerifyDto extends ForgotPasswordCodeDto {
  @ApiProperty({ description: 'never logged or stored in clear' })
  @MaxLength(1024, { message: 'newPassword must be at most 1024 characters' })
  @IsString({ message: 'newPassword must be text' })
  newPassword: string;
}

/** Every forgot-password and contact-support request gets this same answer. */
export class RequestAcceptedDto {
  @ApiProperty() message: string;
}
