import { ValidationError, ValidationPipe } from '@nestjs/common';
import { RequestErrorCode, RequestException } from './domain.exception';

/** Whitelisting, unknown-field refusal and type conversion for every DTO; messages name the field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
      message.startsWith('property ') ? message.replace(/^property (\S+) should not exist$/, `unknown field "${path}"`) : message.replace(error.property, path),
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
