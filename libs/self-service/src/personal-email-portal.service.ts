import { Injectable } from '@nestjs/common';
import { RequestContext } from '@resetdesk/core';
import {
  ConfirmPersonalEmailDto,
  PersonalEmailConfirmationDto,
  PersonalEmailService,
  PersonalEmailStateDto,
} from '@resetdesk/verification';
import { CurrentCredentialsDto, PersonalEmailRequestDto } from './dto/change-password.dto';
import { PasswordChangeService } from './password-change.service';

/**
 * The portal's "Personal email" page: the holder proves who they are with their own current password (as for the
 * authenticator app), gives an address, and confirms it with the code sent there.
 */
@Injectable()
export class PersonalEmailPortalService {
  constructor(
    private readonly passwordChanges: PasswordChangeService,
    private readonly personalEmails: PersonalEmailService,
  ) {}

  async start(dto: PersonalEmailRequestDto, context: RequestContext): Promise<PersonalEmailConfirmationDto> {
    const account = await this.passwordChanges.proveSettled(dto, context, 'add your personal email with it');
    return this.personalEmails.begin(account, dto.personalEmail, context);
  }

  confirm(dto: ConfirmPersonalEmailDto, context: RequestContext): Promise<PersonalEmailStateDto> {
    return this.personalEmails.confirm(dto.confirmationToken, dto.code, context);
  }

  async remove(dto: CurrentCredentialsDto, context: RequestContext): Promise<PersonalEmailStateDto> {
    const account = await this.passwordChanges.proveSettled(dto, context, 'remove your personal email with it');
    return this.personalEmails.remove(account, context);
  }
}
