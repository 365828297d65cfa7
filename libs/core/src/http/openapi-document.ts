import { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { HeadersObject, OperationObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { errorResponse, ErrorBodyDto, ErrorStatus, RATE_LIMITED_EXTENSION, SecurityScheme } from './openapi.decorators';

/** The refresh cookie's name: REFRESH_COOKIE in libs/auth, which core cannot import. */
const REFRESH_COOKIE_NAME = 'resetdesk_refresh';

const RATE_LIMIT_HEADERS: HeadersObject = {
  'X-RateLimit-Limit': {
    description: 'requests allowed in the window',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 100_000 },
  },
  'X-RateLimit-Remaining': {
    description: 'requests left in the window',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 100_000 },
  },
  'X-RateLimit-Reset': {
    description: 'seconds until the window resets',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 },
  },
};

/**
 * The API description served at /api/docs and checked in as docs/openapi.json
 * (`npm run openapi`): the decorators on the controllers and DTOs, plus what
 * every route shares, filled in here once rather than on each route.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('ResetDesk API')
    .setDescription('Self-hosted helpdesk for password resets. Lists follow the ra-data-simple-rest contract.')
    .setVersion('0.1.0')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'access token from POST /api/auth/login or /api/auth/refresh: a short-lived JWT signed with HS256 only, per RFC8725',
      },
      SecurityScheme.Bearer,
    )
    .addCookieAuth(
      REFRESH_COOKIE_NAME,
      { type: 'apiKey', in: 'cookie', description: 'httpOnly refresh token cookie set at sign-in; rotates on every refresh' },
      SecurityScheme.RefreshCookie,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-ResetDesk-Signature',
        description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with CHAT_WEBHOOK_SECRET>',
      },
      SecurityScheme.ChatSignature,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorBodyDto] });
  addValidationLimits(document, dtoClasses(app));
  addSharedResponses(document);
  document.tags = [
    ...new Set(Object.values(document.paths).flatMap((path) => Object.values(path).flatMap((op: OperationObject) => op.tags ?? []))),
  ]
    .sort()
    .map((name) => ({ name }));
  return document;
}

type Schema = SchemaObject | ReferenceObject;
/** A DTO class as the validation registry and the route metadata hold it. */
type DtoClass = abstract new (...args: never[]) => unknown;
const isSchema = (value: Schema | undefined): value is SchemaObject => value !== undefined && !('$ref' in value);

/**
 * Every class validation rules are declared on, and every class a route
 * handler takes (a DTO that only inherits its rules, like
 * `class UpdatePolicyDto extends PartialType(CreatePolicyDto) {}`, has none of its own).
 */
function dtoClasses(app: INestApplication): DtoClass[] {
  // Nested request DTOs are reached through class-validator's own registry (not public API, hence the guard).
  const registry = (getMetadataStorage() as unknown as { validationMetadatas?: unknown }).validationMetadatas;
  const classes = new Set<DtoClass>(registry instanceof Map ? (registry.keys() as Iterable<DtoClass>) : []);
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const prototype = (metatype as { prototype?: object } | null)?.prototype;
      if (!prototype) continue;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const parameters = (Reflect.getMetadata('design:paramtypes', prototype, method) ?? []) as unknown[];
        for (const type of parameters) if (typeof type === 'function') classes.add(type as DtoClass);
      }
    }
  }
  return [...classes];
}

/**
 * Length and size limits come from the class-validator decorators the
 * validation pipe enforces (@MaxLength, @Length, @ArrayMaxSize, @Matches, …),
 * so the document states exactly the limits the API applies and cannot drift
 * from them. Schemas are matched to DTO classes by name, as the generator names them.
 */
function addValidationLimits(document: OpenAPIObject, classes: DtoClass[]): void {
  const schemas = document.components?.schemas ?? {};
  const storage = getMetadataStorage();
  for (const target of classes) {
    const schema = schemas[target.name];
    if (!isSchema(schema) || !schema.properties) continue;
    for (const rule of storage.getTargetValidationMetadatas(target, '', true, false)) {
      const property = schema.properties[rule.propertyName];
      if (!isSchema(property)) continue;
      const items = isSchema(property.items) ? property.items : undefined;
      const applyTo = rule.each ? items : property;
      if (!applyTo) continue;
      const [first, second] = (rule.constraints ?? []) as [unknown, unknown];
      const number = typeof first === 'number' ? first : undefined;
      switch (rule.name) {
        case 'maxLength':
          applyTo.maxLength ??= number;
          break;
        case 'minLength':
          applyTo.minLength ??= number;
          break;
        case 'isLength':
          applyTo.minLength ??= number;
          if (typeof second === 'number') applyTo.maxLength ??= second;
          break;
        case 'matches':
          if (first instanceof RegExp && !first.flags) applyTo.pattern ??= first.source;
          break;
        case 'arrayMaxSize':
          property.maxItems ??= number;
          break;
        case 'arrayMinSize':
          property.minItems ??= number;
          break;
        case 'max':
          applyTo.maximum ??= number;
          break;
        case 'min':
          applyTo.minimum ??= number;
          break;
        case undefined:
        default:
          // Any other rule (isIn, isEmail, custom validators, …) states no limit the document can carry.
          break;
      }
    }
  }
}

/**
 * Answers every route can give, declared once: 400 where there is input to
 * validate, 500, and 503 when the database or Redis is away (the exception
 * filter turns a lost connection into 503 everywhere); and the throttler's
 * headers on the answers of rate-limited routes.
 */
function addSharedResponses(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation: (OperationObject & { [RATE_LIMITED_EXTENSION]?: boolean }) | undefined = path[method];
      if (!operation) continue;
      const shared: ErrorStatus[] = [...(operation.requestBody || operation.parameters?.length ? [400 as const] : []), 500, 503];
      for (const status of shared) {
        if (operation.responses[status]) continue;
        const { description, headers } = errorResponse(status);
        operation.responses[status] = {
          description,
          ...(headers ? { headers } : {}),
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
        };
      }
      if (!operation[RATE_LIMITED_EXTENSION]) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!response || !/^[24]/.test(status) || '$ref' in response) continue;
        response.headers = { ...RATE_LIMIT_HEADERS, ...response.headers };
      }
    }
  }
}
