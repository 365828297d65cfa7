import { applyDecorators } from '@nestjs/common';
import { Trim } from '@resetdesk/core';
import { IsString, Matches, MinLength } from 'class-validator';

/**
 * A chat platform's user id (Slack `U024BE7LH`, Teams `29:1a2b…`, Matrix
 * `@dana:example.org`, Discord `80351110224678912`): opaque and
 * case-sensitive, so accounts.chat_id compares it byte for byte
 * (utf8mb4_bin). Every way in (the account API, the CSV import, the chat
 * webhook) trims it and accepts only printable ASCII without spaces, so no
 * accent, width or invisible variant of an id can be stored or matched, and
 * `U1006 ` is `U1006` everywhere.
 */
export const CHAT_ID = /^[\x21-\x7e]{1,128}$/;
export const CHAT_ID_RULE = 'must be 1–128 printable ASCII characters without spaces (the chat platform’s user id)';

/** The DTO rule for a chat id: trimmed, then CHAT_ID. */
export const IsChatId = () =>
  applyDecorators(
    IsString({ message: 'chatId must be text' }),
    MinLength(1, { message: 'chatId must not be empty' }),
    Matches(CHAT_ID, { message: `chatId ${CHAT_ID_RULE}` }),
    Trim(),
  );
