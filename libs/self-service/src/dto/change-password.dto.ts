import { ApiProperty } from '@nestjs/swagger';
import { NormalizeEmail } from '@resetdesk/core';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

/** Who the holder is, proved by the password they have now. */
export class CurrentCredentialsDto {
  @ApiProperty({ example: 'dreyes' })
  @MaxLength(191, { message: 'username must be at most 191 characters' })
  @MinLength(1, { message: 'username must not be empty' })
  @IsString({ message: 'username must be text' })
  username: string;

  @ApiProperty({ description: 'the current password, an expired one, or a temporary password from support; never logged' })
  @MaxLength(1024, { message: 'currentPassword must be at most 1024 characters' })
  @MinLength(1, { message: 'currentPassword must not be empty' })
  @IsString({ message: 'currentPassword must be text' })
  currentPassword: string;
}

export class HolderPasswordChangeDto extends CurrentCredentialsDto {
  @ApiProperty({ description: 'never logged or stored in clear' })
  @MaxLength(1024, { message: 'newPassword must be at most 1024 characters' })
  @IsString({ message: 'newPassword must be text' })
  newPassword: string;

  @ApiProperty({ description: 'newPassword typed again' })
  @MaxLength(1024, { message: 'confirmPassword must be at most 1024 characters' })
  @IsString({ message: 'confirmPassword must be text' })
  confirmPassword: string;
}

export class PersonalEmailRequestDto extends CurrentCredentialsDto {
  @ApiProperty({
    maxLength: 320,
    example: 'dana.home@example.net',
    description: 'the personal address to put on record: a code goes there, and only that code confirms it',
  })
  @NormalizeEmail()
  @MaxLength(320, { message: 'personalEmail must be at most 320 characters' })
  @IsEmail({}, { message: 'personalEmail must be an email address' })
  personalEmail: string;
}
