/**
 * The request context moved to core (`libs/core/src/http/request-context.ts`).
 * Transitional: code written against the old place keeps compiling until it
 * imports from `@resetdesk/core`; delete this file once nothing imports these
 * names from `@resetdesk/audit`.
 */
export type { RequestContext } from '@resetdesk/core';
export { RequestCtx, requestContextOf } from '@resetdesk/core';
