import { Injectable } from '@nestjs/common';
import { accountActor } from '@resetdesk/accounts';
import { RequestContext } from '@resetdesk/core';
import {
  AuthenticatorEnrollmentDto,
  AuthenticatorStateDto,
  ConfirmAuthenticatorDto,
  HolderAuthenticatorService,
} from '@resetdesk/verification';
import { CurrentCredentialsDto } from './dto/change-password.dto';
import { PasswordChangeService } from './password-change.service';

const THEN = 'set up the authenticator app with it';

/**
 * The portal's "Authenticator app" page: the holder proves who they are with their current password (through the
 * directory where one is configured, under the change-password limits), then scans a QR code and confirms a code.
 * A temporary or expired password is not enough: whoever talked support into a reset must not also get to enroll
 * the app that verifies the holder next time.
 */
@Injectable()
export class AuthenticatorEnrollmentService {
  constructor(
    private readonly passwordChanges: PasswordChangeService,
    private readonly authenticators: HolderAuthenticatorService,
  ) {}

  async start(dto: CurrentCredentialsDto, context: RequestContext): Promise<AuthenticatorEnrollmentDto> {
    return this.authenticators.begin(await this.passwordChanges.proveSettled(dto, context, THEN), context);
  }

  confirm(dto: ConfirmAuthenticatorDto, context: RequestContext): Promise<AuthenticatorStateDto> {
    return this.authenticators.confirm(dto.enrollmentToken, dto.code, context);
  }

  async remove(dto: CurrentCredentialsDto, context: RequestContext): Promise<AuthenticatorStateDto> {
    const account = await this.passwordChanges.proveSettled(dto, context, THEN);
    return this.authenticators.remove(account, accountActor(account), context);
  }
}
