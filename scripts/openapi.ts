/**
 * Writes the API description to docs/openapi.json without a server, database or Redis
 * (`npm run openapi`); `--check` fails when the checked-in file is not what the code describes.
 * Nest's preview mode resolves the modules and routes but instantiates no provider, so nothing connects.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { buildOpenApiDocument, setApiPrefix } from '@resetdesk/core';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { ApiModule } from '../apps/api/src/app.module';
import { writeOrCheck } from './generated-file';

const OUTPUT = join(__dirname, '..', 'docs', 'openapi.json');

async function main(): Promise<void> {
  const app = await NestFactory.create(ApiModule, { preview: true, logger: false, abortOnError: false });
  setApiPrefix(app);
  const document = buildOpenApiDocument(app);
  await app.close();
  // Formatted as the tree is, so `npm run format:check` and this check agree.
  const text = await format(JSON.stringify(document), { ...(await resolveConfig(OUTPUT)), parser: 'json' });
  writeOrCheck(text, {
    path: OUTPUT,
    name: 'docs/openapi.json',
    regenerate: 'npm run openapi',
    summary: `${Object.keys(document.paths).length} paths`,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
