/**
 * Writes the API description to docs/openapi.json without a server, database or Redis
 * (`npm run openapi`); `--check` fails when the checked-in file is not what the code describes.
 * Nest's preview mode resolves the modules and routes but instantiates no provider, so nothing connects.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { buildOpenApiDocument, setApiPrefix } from '@resetdesk/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { ApiModule } from '../apps/api/src/app.module';

const OUTPUT = join(__dirname, '..', 'docs', 'openapi.json');

async function main(): Promise<void> {
  const app = await NestFactory.create(ApiModule, { preview: true, logger: false, abortOnError: false });
  setApiPrefix(app);
  const document = buildOpenApiDocument(app);
  await app.close();
  // Formatted as the tree is, so `npm run format:check` and this check agree.
  const text = await format(JSON.stringify(document), { ...(await resolveConfig(OUTPUT)), parser: 'json' });
  if (!process.argv.includes('--check')) {
    writeFileSync(OUTPUT, text);
    console.log(`wrote ${OUTPUT} (${Object.keys(document.paths).length} paths)`);
    return;
  }
  let current = '';
  try {
    current = readFileSync(OUTPUT, 'utf8');
  } catch {
    // Missing counts as stale.
  }
  if (current !== text) {
    console.error('docs/openapi.json is not what the code describes: run `npm run openapi` and commit the result');
    process.exit(1);
  }
  console.log('docs/openapi.json is current');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
