import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiOkResponse, ApiProperty, OpenAPIObject, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsString, Matches, MaxLength } from 'class-validator';
import { buildOpenApiDocument } from './openapi-document';
import { ApiRateLimited, ApiSignedIn } from './openapi.decorators';

class CreateThingDto {
  @ApiProperty()
  @MaxLength(200)
  @IsString()
  name: string;

  @ApiProperty()
  @Matches(/^\d{6}$/)
  code: string;

  @ApiProperty({ type: [String] })
  @ArrayMaxSize(5)
  @MaxLength(30, { each: true })
  tags: string[];
}

class UpdateThingDto extends PartialType(CreateThingDto) {}

@Controller('things')
class ThingsController {
  @Post()
  @ApiSignedIn()
  create(@Body() _dto: CreateThingDto) {}

  @Post('update')
  @ApiSignedIn()
  update(@Body() _dto: UpdateThingDto) {}

  @Get('public')
  @ApiOkResponse()
  @ApiRateLimited()
  open() {}
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

describe(buildOpenApiDocument.name, () => {
  let document: OpenAPIObject;
  const schema = (name: string) => document.components!.schemas![name] as { properties: Record<string, Record<string, unknown>> };

  beforeAll(async () => {
    const app = await NestFactory.create(ThingsModule, { preview: true, logger: false });
    document = buildOpenApiDocument(app);
    await app.close();
  });

  it('states the limits the validation decorators enforce, inherited ones too', () => {
    for (const name of ['CreateThingDto', 'UpdateThingDto']) {
      expect(schema(name).properties.name).toMatchObject({ maxLength: 200 });
      expect(schema(name).properties.code).toMatchObject({ pattern: '^\\d{6}$' });
      expect(schema(name).properties.tags).toMatchObject({ maxItems: 5, items: { maxLength: 30 } });
    }
  });

  it('declares the bearer scheme with 401/403, and 400/500/503 with the shared error body everywhere they apply', () => {
    expect(document.components!.securitySchemes).toHaveProperty('bearer', expect.objectContaining({ scheme: 'bearer' }));
    const create = document.paths['/things']!.post!;
    expect(create.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '500', '503']));
    expect(JSON.stringify(create.responses['500'])).toContain('#/components/schemas/ErrorBody');
    expect(document.paths['/things/public']!.get!.responses).not.toHaveProperty('400');
  });

  it('puts the throttler headers on the answers of rate-limited routes only', () => {
    const open = document.paths['/things/public']!.get!.responses;
    expect(open['200']).toHaveProperty('headers.X-RateLimit-Limit');
    expect(open['429']).toHaveProperty('headers.Retry-After');
    expect(document.paths['/things']!.post!.responses['401']).not.toHaveProperty('headers');
  });
});
