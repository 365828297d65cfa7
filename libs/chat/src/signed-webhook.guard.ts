import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { RequestErrorCode, RequestException, RequestWithRawBody } from '@resetdesk/core';
import { chatConfig, ChatConfigType } from './chat.config';
import { isValidWebhookSignature } from './webhook-signature';

/** A signed request older (or newer) than this is a replay. */
export const WEBHOOK_MAX_SKEW_SECONDS = 300;

/**
 * Accepts a chat webhook only with a fresh `X-ResetDesk-Timestamp` and an
 * `X-ResetDesk-Signature` over "<timestamp>.<raw body>" with
 * CHAT_WEBHOOK_SECRET; anything else is a 401 before the body is looked at.
 */
@Injectable()
export class SignedWebhookVerifier {
  constructor(@Inject(chatConfig.KEY) private readonly chat: ChatConfigType) {}

  verify(request: Request & RequestWithRawBody): void {
    const timestamp = request.header('x-resetdesk-timestamp');
    const signature = request.header('x-resetdesk-signature');
    if (!timestamp || !signature)
      throw new RequestException(RequestErrorCode.BadSignature, 'X-ResetDesk-Timestamp and X-ResetDesk-Signature are required');
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > WEBHOOK_MAX_SKEW_SECONDS) {
      throw new RequestException(
        RequestErrorCode.BadSignature,
        `X-ResetDesk-Timestamp must be within ${WEBHOOK_MAX_SKEW_SECONDS / 60} minutes of now (a replayed or delayed request)`,
      );
    }
    if (!request.rawBody || !isValidWebhookSignature(this.chat.webhookSecret, timestamp, request.rawBody, signature)) {
      throw new RequestException(RequestErrorCode.BadSignature, 'X-ResetDesk-Signature does not match the body and timestamp');
    }
  }
}

/**
 * The verifier as a route guard. Nest builds a guard in the module of the
 * controller that uses it, so the guard asks for the exported verifier
 * rather than for the chat settings, which only ChatModule can see.
 */
@Injectable()
export class SignedWebhookGuard implements CanActivate {
  constructor(private readonly verifier: SignedWebhookVerifier) {}

  canActivate(context: ExecutionContext): boolean {
    this.verifier.verify(context.switchToHttp().getRequest<Request & RequestWithRawBody>());
    return true;
  }
}
