import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { RequestErrorCode, RequestException } from './domain.exception';
import { isMultiLine } from './dto-transforms';

// C0 controls and DEL. Free text (@MultiLine) keeps tab, line feed and carriage return; nothing else needs them.
/* eslint-disable no-control-regex -- finding control characters is what these patterns are for */
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f]/;
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/* eslint-enable no-control-regex */

/**
 * class-validator's pipe, plus one rule for every text field of every DTO:
 * no control characters (NUL would be cut or stored verbatim depending on
 * the layer, and never belongs in a name, an address or a subject).
 */
class ResetDeskValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const result: unknown = await super.transform(value, metadata);
    // Custom decorators (the list query, the request context) read the request themselves.
    if (metadata.type === 'custom') return result;
    const problems = controlCharacterProblems(result, metadata.data ?? metadata.type, false);
    if (problems.length > 0) throw new RequestException(RequestErrorCode.Validation, problems.join('; '));
    return result;
  }
}

function controlCharacterProblems(value: unknown, path: string, multiLine: boolean): string[] {
  if (typeof value === 'string') {
    const found = (multiLine ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).exec(value)?.[0];
    if (found === undefined) return [];
    const codePoint = `U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return [`${path} must not contain control characters (found ${codePoint})`];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => controlCharacterProblems(item, `${path}[${index}]`, multiLine));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      controlCharacterProblems(item, path === 'body' || path === 'query' ? key : `${path}.${key}`, isMultiLine(value, key)),
    );
  }
  return [];
}

/** Whitelisting, unknown-field refusal, type conversion and the control-character rule for every DTO; messages name the field. */
export function createValidationPipe(): ValidationPipe {
  return new ResetDeskValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    // One message per field: "password must be text", not every rule a number fails. Rules run bottom-up,
    // so DTOs put the type check (@IsString, @IsEmail, …) last, right above the property.
    stopAtFirstError: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new RequestException(RequestErrorCode.Validation, flatten(errors).join('; ') || 'The request body is invalid'),
  });
}

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith('property ')
        ? message.replace(/^property (\S+) should not exist$/, `unknown field "${path}"`)
        : message.replace(error.property, path),
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
