/**
 * npm run docs:configuration — writes docs/configuration.md from the configuration schema.
 * npm run docs:check          — fails when the checked-in page differs from what the schema says today.
 *
 * The schema (libs/core/src/config/config.schema.ts, and each domain's group in libs/<domain>/src/<domain>.config.ts)
 * is code, not a table, so the page is derived from it twice:
 * - statically, with the TypeScript compiler: every variable the schema reads (`reader.int('PORT', 3000, 1, 65535)`,
 *   `this.raw('DIRECTORY_URL')`, `env.ADMIN_DIST`), its reader and its default as written;
 * - by running `parseConfig` itself, with every domain group loaded: what each variable accepts is the message the validator gives for a bad value,
 *   and "required" is what it says when the variable is missing in production or with a directory.
 * Only the one-line notes below are prose. A variable without a note, or a note for a variable the schema no
 * longer reads, stops the script, so the page cannot drift from the code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { ConfigError, parseConfig } from '@resetdesk/core';
import { writeOrCheck } from './generated-file';

const ROOT = join(__dirname, '..');
const SCHEMA = 'libs/core/src/config/config.schema.ts';
const PAGE = 'docs/configuration.md';

/** The domains' own groups (defineConfigGroup), one file per domain. */
const GROUP_FILES = readdirSync(join(ROOT, 'libs'))
  .sort()
  .flatMap((lib) =>
    readdirSync(join(ROOT, 'libs', lib, 'src'))
      .filter((file) => file.endsWith('.config.ts'))
      .map((file) => `libs/${lib}/src/${file}`),
  );
// Loading a group registers it, so that parseConfig below checks its variables too.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the files are found at run time, and loading is all that is wanted
for (const file of GROUP_FILES) require(join(ROOT, file));

/** What each variable is for. Defaults, accepted values and requirements come from the schema, not from here. */
const NOTES: Record<string, string> = {
  NODE_ENV: '`production` requires the secrets and `SMTP_URL`, refuses the development defaults and the mail catcher',
  PORT: 'HTTP port of the API',
  APP_URL: 'public base URL; every link in an email is built from it, never from request headers',
  LOG_LEVEL: 'pino log level',
  CORS_ORIGINS: 'comma-separated origins allowed to call the API from a browser; empty: the origin of `APP_URL`',
  ADMIN_DIST: 'folder of the built admin UI and portal, served when it exists',
  TRUST_PROXY:
    'reverse proxies allowed to name the client in `X-Forwarded-For`: a hop count or addresses/CIDR ranges (as express `trust proxy`); decides the client address of rate limits, audit events, health details and the `/metrics` loopback rule',
  DOCS_ENABLED: 'serve the OpenAPI page at `/api/docs` and `/api/docs-json`',
  DATABASE_URL: 'MySQL 8 or MariaDB 10.11',
  REDIS_URL:
    'may carry a password and a database index; `rediss://` for TLS; with `REDIS_SENTINELS` only its password, user, database and TLS are used (for the data nodes), with `REDIS_CLUSTER_NODES` only its password, user and TLS',
  REDIS_SENTINELS:
    'comma-separated `host:port` of Redis Sentinels; set, every connection asks them for the current primary and follows a failover by itself',
  REDIS_CLUSTER_NODES:
    'comma-separated `host:port` of a few Redis Cluster nodes (the rest are discovered); needs a hash-tagged `QUEUE_PREFIX` such as `{resetdesk}`. Not with `REDIS_SENTINELS`',
  REDIS_SENTINEL_NAME: 'the primary the sentinels watch (`sentinel monitor <name> …`)',
  REDIS_SENTINEL_PASSWORD: 'the sentinels’ own `requirepass`, when they have one',
  QUEUE_PREFIX:
    'prefix of every Redis key of ResetDesk (queues, limits, live events); a hash tag such as `{resetdesk}` keeps them in one slot of a Redis Cluster (required there). Tests use a unique one per run',
  SCHEDULE_CHECK_MS: 'how often each worker checks that its job schedulers still exist in Redis and re-creates missing ones',
  MAIL_CATCHER: 'embedded SMTP sink and Mailbox page (the demo)',
  MAIL_CATCHER_PORT: 'port of the embedded SMTP sink',
  SMTP_URL: '`smtp://user:pass@host:587` or `smtps://…`; connections are pooled',
  MAIL_FROM: 'sender of every email',
  MAIL_RETRY_BACKOFF_MS: 'first retry delay; doubles per attempt up to `MAIL_RETRY_MAX_DELAY_MS`',
  MAIL_RETRY_ATTEMPTS:
    'delivery attempts before a notification is `failed`, the first one included; with the defaults they span about 20 hours',
  MAIL_RETRY_MAX_DELAY_MS: 'cap of the retry backoff',
  OUTBOX_SWEEP_AFTER_MS: 'outbox rows and forgot-password requests still `queued` this long are queued again',
  JWT_SECRET: 'signs staff access tokens; read by the API only (the worker and the CLI never sign one)',
  DATA_KEY:
    'encrypts secrets at rest with AES-256-GCM (TOTP secrets, outbox payloads, forgot-password requests) and keys the HMACs of codes, recovery codes and rate-limit subjects; `openssl rand -base64 32`',
  MFA_REQUIRED_ROLES: 'staff roles that must use TOTP two-factor sign-in; empty for none',
  ACCESS_TOKEN_TTL_SECONDS: 'access-token lifetime',
  REFRESH_TOKEN_TTL_SECONDS: 'session lifetime: the refresh cookie rotates on every use but expires after this',
  AUTH_RATE_LIMIT_PER_MINUTE:
    'requests per client address per minute to each anonymous sign-in and reset-link route, and refreshes per session per minute; counted in Redis, so shared by every API instance',
  METRICS_TOKEN: 'when set, `/metrics` needs `Authorization: Bearer <token>` from any address instead of a loopback caller',
  STAFF_MAX_SESSIONS: 'live sessions per staff member; signing in once more ends the oldest',
  CHAT_WEBHOOK_SECRET: 'HMAC key of the chat webhooks, both directions',
  CHAT_OUTBOUND_URL: 'the chat app’s incoming webhook; set it to send verification codes to linked chat ids',
  AUDIT_VERIFY_ON_START: 'verify the audit chain 10 s after a worker starts when the last verification is over a day old',
  REMINDER_TIME: 'local time of the daily password-expiry scan',
  REMINDER_SCHEDULE: 'schedule the daily scan in the worker; `false` leaves it to `reminders:run`',
  REMINDER_TZ: 'IANA zone that decides what "today" and "in 7 days" mean, and the dates printed in reminders',
  REMINDER_BATCH_SIZE: 'accounts read and reminders written per page of the scan',
  DIRECTORY_KIND: 'where holders’ passwords live: `local` (ResetDesk’s own table), `ldap` or `ad`',
  DIRECTORY_TIMEOUT_MS: 'per directory operation; slower answers 503 instead of holding the request',
  DIRECTORY_SYNC_SCHEDULE: 'cron (UTC) of the worker’s directory sync',
  DIRECTORY_SYNC_MAX_DISABLE_PERCENT:
    'a sync that would disable more than this share of the directory accounts (and more than 10) fails before disabling anyone',
  DIRECTORY_URL: '`ldaps://host:636`, or `ldap://host:389` with `DIRECTORY_STARTTLS=true`',
  DIRECTORY_STARTTLS: 'upgrade an `ldap://` connection with STARTTLS',
  DIRECTORY_CA_FILE: 'PEM file of the CA that signed the directory’s certificate; it alone is trusted',
  DIRECTORY_USER_FILTER: 'LDAP filter of the entries that are accounts',
  DIRECTORY_BIND_DN: 'the service account ResetDesk binds as',
  DIRECTORY_BIND_PASSWORD: 'its password (an empty one would be an unauthenticated bind)',
  DIRECTORY_BASE_DN: 'where accounts live: syncs search here and writes only go to entries under it',
  DIRECTORY_ATTR_USERNAME: 'attribute holding the username',
  DIRECTORY_ATTR_EMAIL: 'attribute holding the email address',
  DIRECTORY_ATTR_DISPLAY_NAME: 'attribute holding the display name',
  DIRECTORY_ATTR_CHAT_ID: 'attribute holding the chat id; unset: the sync never writes chat ids',
  DIRECTORY_ATTR_MANAGER: 'attribute holding the manager (read, not stored yet)',
  DIRECTORY_PRIVILEGED_GROUP: 'group DN whose members are privileged accounts; unset: the sync never writes the flag',
  DIRECTORY_PASSWORD_POLICY_DN: 'ldap: the ppolicy entry whose `pwdMaxAge` applies to entries without `pwdPolicySubentry`',
  SSL_CERT_FILE: 'without `DIRECTORY_CA_FILE`: the system CA bundle trusted next to Node’s (else the usual distribution paths)',
};

/** A complete, valid environment for each context the schema knows; the probes change one variable at a time. */
const PRODUCTION = {
  NODE_ENV: 'production',
  SMTP_URL: 'smtp://mail.example.org:587',
  JWT_SECRET: 'x'.repeat(48),
  DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
  CHAT_WEBHOOK_SECRET: 'y'.repeat(32),
};
const DIRECTORY = {
  DIRECTORY_KIND: 'ldap',
  DIRECTORY_URL: 'ldaps://ldap.example.org:636',
  DIRECTORY_BIND_DN: 'cn=resetdesk,dc=example,dc=org',
  DIRECTORY_BIND_PASSWORD: 'secret',
  DIRECTORY_BASE_DN: 'ou=people,dc=example,dc=org',
};
const BAD_VALUE = '%not-valid%';
const WRONG_SCHEME = 'gopher://bad.example.org/x';

interface Variable {
  name: string;
  /** The file that reads it: the core schema or a domain's group. */
  file: string;
  readers: string[];
  defaults: string[];
  /** Read by the directory part of the schema. */
  directory: boolean;
  /** Read only when DIRECTORY_KIND is ldap or ad (after the schema's early return for local). */
  directoryOnly: boolean;
  /** Used to build a secret that production refuses to default. */
  productionSecret: boolean;
}

interface Schema {
  file: string;
  /** The group's doc comment (domain groups), shown above its table. */
  summary: string;
  variables: Variable[];
}

function main(): void {
  const schemas = [SCHEMA, ...GROUP_FILES].map(readSchema);
  const names = schemas.flatMap((schema) => schema.variables.map((variable) => variable.name));
  const twice = names.filter((name, index) => names.indexOf(name) !== index);
  if (twice.length > 0) throw new Error(`read by two configuration files: ${twice.join(', ')}`);
  const missing = names.filter((name) => !NOTES[name]);
  const unknown = Object.keys(NOTES).filter((name) => !names.includes(name));
  if (missing.length > 0 || unknown.length > 0) {
    if (missing.length > 0) console.error(`scripts/docs-configuration.ts: add a note for ${missing.join(', ')}`);
    if (unknown.length > 0)
      console.error(`scripts/docs-configuration.ts: ${unknown.join(', ')} no longer read by any configuration file; remove the note`);
    process.exit(1);
  }
  writeOrCheck(render(schemas), { path: join(ROOT, PAGE), name: PAGE, regenerate: 'npm run docs:configuration' });
}

/** Every environment variable a configuration file reads, in the order it reads them. */
function readSchema(file: string): Schema {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const byName = new Map<string, Variable>();
  const constants = collectConstants(source);
  const directoryDefaults = collectDirectoryDefaults(source);

  const note = (name: string, reader: string, defaultNode: ts.Expression | undefined, node: ts.Node) => {
    const variable = byName.get(name) ?? {
      name,
      file,
      readers: [],
      defaults: [],
      directory: false,
      directoryOnly: false,
      productionSecret: false,
    };
    byName.set(name, variable);
    if (!variable.readers.includes(reader)) variable.readers.push(reader);
    // A secret's fallback is a development value whatever it is called.
    const shown =
      reader === 'secret' || reader === 'key32'
        ? 'a development value, refused in production'
        : defaultNode && describeDefault(defaultNode, constants, directoryDefaults);
    if (shown && !variable.defaults.includes(shown)) variable.defaults.push(shown);
    if (reader === 'secret' || reader === 'key32') variable.productionSecret = true;
    if (insideDirectoryBranch(node)) variable.directory = true;
    if (afterLocalReturn(node)) variable.directoryOnly = true;
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteral(node.arguments[0])) {
      const name = node.arguments[0].text;
      const reader = calleeName(node.expression);
      if (/^[A-Z][A-Z0-9_]+$/.test(name) && reader && reader !== 'fail') note(name, reader, defaultArgument(reader, node), node);
    }
    // Direct reads: `env.ADMIN_DIST`, `this.env.DIRECTORY_BIND_PASSWORD`.
    if (ts.isPropertyAccessExpression(node) && /^[A-Z][A-Z0-9_]+$/.test(node.name.text)) {
      const target = node.expression;
      const isEnv =
        (ts.isIdentifier(target) && target.text === 'env') || (ts.isPropertyAccessExpression(target) && target.name.text === 'env');
      if (isEnv) {
        const parent = node.parent;
        const fallback =
          ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ? parent.right : undefined;
        note(node.name.text, 'raw', fallback, node);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  return { file, summary: groupSummary(source), variables: [...byName.values()] };
}

/** The doc comment above `export const xConfig = defineConfigGroup(…)`, or '' for the core schema. */
function groupSummary(source: ts.SourceFile): string {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement) || !statement.getText().includes('defineConfigGroup(')) continue;
    const comment = ts.getJSDocCommentsAndTags(statement.declarationList.declarations[0]).find(ts.isJSDoc);
    return typeof comment?.comment === 'string' ? comment.comment.replace(/\s+/g, ' ') : '';
  }
  return '';
}

function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  if (ts.isIdentifier(expression)) return expression.text;
  return undefined;
}

/** Which argument holds the default, per reader of EnvReader (and the `required`/`attribute` helpers in directory()). */
function defaultArgument(reader: string, call: ts.CallExpression): ts.Expression | undefined {
  const second = call.arguments[1];
  switch (reader) {
    case 'oneOf':
    case 'subsetOf':
      return call.arguments[2];
    case 'raw': {
      const parent = call.parent;
      return ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ? parent.right : undefined;
    }
    case 'redisUrl':
    case 'int':
    case 'port':
    case 'bool':
    case 'timeOfDay':
    case 'timeZone':
    case 'keyPrefix':
    case 'redisName':
    case 'httpUrl':
    case 'databaseUrl':
    case 'smtpUrl':
    case 'mailbox':
    case 'secret':
    case 'key32':
    case 'attribute':
      return second;
    default:
      return undefined;
  }
}

/** `const x = reader.port('NAME', 1025)` → x = "1025", so a template such as `smtp://127.0.0.1:${x}` can be shown. */
function collectConstants(source: ts.SourceFile): Map<string, string> {
  const constants = new Map<string, string>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isCallExpression(node.initializer)) {
      const reader = calleeName(node.initializer.expression);
      const fallback = reader ? defaultArgument(reader, node.initializer) : undefined;
      if (fallback && (ts.isNumericLiteral(fallback) || ts.isStringLiteral(fallback))) constants.set(node.name.text, fallback.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return constants;
}

/** DIRECTORY_DEFAULTS: `{ ldap: { userFilter, attributes: {...} }, ad: {...} }`, flattened to "userFilter" → {ldap, ad}. */
function collectDirectoryDefaults(source: ts.SourceFile): Map<string, Record<string, string>> {
  const defaults = new Map<string, Record<string, string>>();
  const flatten = (kind: string, object: ts.ObjectLiteralExpression, prefix: string) => {
    for (const property of object.properties) {
      if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue;
      const key = prefix + property.name.text;
      if (ts.isObjectLiteralExpression(property.initializer)) flatten(kind, property.initializer, `${key}.`);
      else if (ts.isStringLiteral(property.initializer)) defaults.set(key, { ...defaults.get(key), [kind]: property.initializer.text });
    }
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === 'DIRECTORY_DEFAULTS' &&
      node.initializer &&
      ts.isObjectLiteralExpression(node.initializer)
    ) {
      for (const kind of node.initializer.properties) {
        if (ts.isPropertyAssignment(kind) && ts.isIdentifier(kind.name) && ts.isObjectLiteralExpression(kind.initializer))
          flatten(kind.name.text, kind.initializer, '');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return defaults;
}

/** A default as the page shows it; an expression the script does not know stops it rather than guessing. */
function describeDefault(
  node: ts.Expression,
  constants: Map<string, string>,
  directoryDefaults: Map<string, Record<string, string>>,
): string {
  const code = (value: string | number) => `\`${value}\``;
  if (ts.isNumericLiteral(node)) return code(Number(node.text.replace(/_/g, '')));
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return code(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return code('true');
  if (node.kind === ts.SyntaxKind.FalseKeyword) return code('false');
  if (node.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isIdentifier(node) && node.text === 'undefined')) return '';
  if (ts.isBinaryExpression(node) && ts.isNumericLiteral(node.left) && ts.isNumericLiteral(node.right)) {
    const [left, right] = [Number(node.left.text.replace(/_/g, '')), Number(node.right.text.replace(/_/g, ''))];
    if (node.operatorToken.kind === ts.SyntaxKind.AsteriskToken) return code(left * right);
  }
  if (ts.isArrayLiteralExpression(node) && node.elements.every(ts.isStringLiteral))
    return code(node.elements.map((element) => (element as ts.StringLiteral).text).join(','));
  if (ts.isObjectLiteralExpression(node)) {
    // timeOfDay: { hour, minute }
    const values = Object.fromEntries(
      node.properties.filter(ts.isPropertyAssignment).map((property) => [property.name.getText(), property.initializer.getText()]),
    );
    if ('hour' in values && 'minute' in values) return code(`${values.hour.padStart(2, '0')}:${values.minute.padStart(2, '0')}`);
  }
  if (ts.isTemplateExpression(node)) {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const value = ts.isIdentifier(span.expression) ? constants.get(span.expression.text) : undefined;
      if (value === undefined) throw new Error(`cannot show the default ${node.getText()} in ${SCHEMA}`);
      text += value + span.literal.text;
    }
    return code(text);
  }
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken && node.operand.getText() === 'production')
    return '`true`; `false` when `NODE_ENV=production`';
  if (ts.isConditionalExpression(node)) {
    // nodeEnv === 'test' ? 'silent' : 'info'
    const condition = node.condition;
    if (ts.isBinaryExpression(condition) && condition.left.getText() === 'nodeEnv' && ts.isStringLiteral(condition.right)) {
      return `${describeDefault(node.whenFalse, constants, directoryDefaults)}; ${describeDefault(node.whenTrue, constants, directoryDefaults)} when \`NODE_ENV=${condition.right.text}\``;
    }
  }
  if (ts.isPropertyAccessExpression(node) && node.expression.getText() === 'DEV_SECRETS')
    return 'a development value, refused in production';
  if (ts.isPropertyAccessExpression(node) && node.getText().startsWith('defaults.')) {
    const perKind = directoryDefaults.get(node.getText().slice('defaults.'.length));
    if (perKind) {
      return Object.entries(perKind)
        .map(([kind, value]) => `${kind}: \`${value}\``)
        .join('; ');
    }
  }
  throw new Error(`cannot show the default ${node.getText()} in ${SCHEMA}: teach scripts/docs-configuration.ts`);
}

/** Inside EnvReader.directory(), or in a function only it calls (systemCaBundle). */
function insideDirectoryBranch(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isMethodDeclaration(current) && current.name.getText() === 'directory') return true;
    if (ts.isFunctionDeclaration(current) && current.name && calledOnlyFromDirectory(current.name.text, current.getSourceFile()))
      return true;
  }
  return false;
}

/** After directory()'s `if (kind === 'local') return …`. */
function afterLocalReturn(node: ts.Node): boolean {
  let current: ts.Node | undefined = node;
  while (current && !(ts.isMethodDeclaration(current) && current.name.getText() === 'directory')) current = current.parent;
  if (!current) return insideDirectoryBranch(node);
  const localReturn = (current as ts.MethodDeclaration).body?.statements.find(
    (statement) => ts.isIfStatement(statement) && statement.expression.getText().includes("'local'"),
  );
  return !!localReturn && node.getStart() > localReturn.getEnd();
}

function calledOnlyFromDirectory(name: string, source: ts.SourceFile): boolean {
  const callers: boolean[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) {
      let current: ts.Node | undefined = node;
      while (current && !(ts.isMethodDeclaration(current) && current.name.getText() === 'directory')) current = current.parent;
      callers.push(!!current);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return callers.length > 0 && callers.every(Boolean);
}

/** What the validator says about a bad value, without the echoed value: the page's "accepted" column. */
function accepted(variable: Variable): string {
  if (variable.readers.includes('bool')) return '`true` or `false` (also 1/0, yes/no, on/off)';
  const base = variable.directory ? DIRECTORY : {};
  // A URL of the wrong scheme names the schemes; anything else gets the validator's general answer.
  const problem = [WRONG_SCHEME, BAD_VALUE]
    .map((value) => problemsFor({ ...base, [variable.name]: value }).find((line) => line.startsWith(`${variable.name} `)))
    .find(Boolean);
  if (!problem) return 'any text';
  const text = problem
    .slice(variable.name.length + 1)
    .replace(/ ?\(got "[^"]*"[^)]*\)/g, '')
    .replace(/ ?\(not understood: [^)]*\)/g, '')
    .replace(/^must be /, '')
    .replace(/^may only /, 'only ')
    .replace(/^must /, '');
  const url = /^use (.+?)(?:; expected (?:e\.g\. )?(.+))?$/.exec(text);
  if (url) return `${url[1]} URL${url[2]?.includes('://') ? `, e.g. \`${url[2]}\`` : ''}`;
  return text;
}

/** "production", "ldap/ad" or both: where leaving the variable out stops the start. */
function required(variable: Variable): string {
  const where: string[] = [];
  const production: Record<string, string> = { ...PRODUCTION };
  delete production[variable.name];
  if (problemsFor(production).some((line) => line.startsWith(`${variable.name} is required`))) where.push('in production');
  if (variable.directory) {
    const directory: Record<string, string> = { ...DIRECTORY };
    delete directory[variable.name];
    if (problemsFor(directory).some((line) => line.startsWith(`${variable.name} is required`))) where.push('with ldap/ad');
  }
  return where.join(', ');
}

function problemsFor(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function render(schemas: Schema[]): string {
  const [core, ...groups] = schemas;
  const variables = core.variables;
  // The probes themselves must start from valid environments, or every answer below would be wrong.
  for (const [label, env] of [
    ['production', PRODUCTION],
    ['directory', DIRECTORY],
  ] as const) {
    const problems = problemsFor(env);
    if (problems.length > 0) throw new Error(`the ${label} probe environment no longer passes ${SCHEMA}: ${problems.join('; ')}`);
  }
  const table = (rows: Variable[]) =>
    [
      '| variable | default | accepted | required | what it is for |',
      '| --- | --- | --- | --- | --- |',
      ...rows.map((variable) =>
        [
          '',
          `\`${variable.name}\``,
          cell(variable.defaults.join('; ') || '—'),
          cell(accepted(variable)),
          cell(required(variable) || (variable.productionSecret ? 'in production' : '')),
          cell(NOTES[variable.name]),
          '',
        ]
          .join(' | ')
          .trim(),
      ),
    ].join('\n');

  const groupSections = groups.map(
    (group) => `## ${group.summary.split(':')[0].replace(/\.$/, '')}

Read by \`${group.file}\`.

${table(group.variables)}
`,
  );

  return `<!-- Generated by scripts/docs-configuration.ts from ${SCHEMA} and libs/*/src/*.config.ts. Do not edit: run npm run docs:configuration. -->

# Configuration

ResetDesk is configured by environment variables, read and checked once at start by \`parseConfig\`
(\`${SCHEMA}\`, with the groups each domain declares in its own \`libs/<domain>/src/<domain>.config.ts\`);
nothing else reads \`process.env\`. Every problem is collected and the process stops with one
line naming each variable, e.g. \`Invalid configuration: PORT must be a whole number between 1 and 65535 (got "99999")\`.
A \`.env\` file in the working directory is read when present (never commit one with real secrets).

"Accepted" is what the validator answers for a bad value; "required" is where a missing value stops the start.
Secrets required in production also refuse their development default there.

## General

${table(variables.filter((variable) => !variable.directory))}

${groupSections.join('\n')}
## Directory (\`DIRECTORY_KIND=ldap\` or \`ad\`)

${variables
  .filter((variable) => variable.directory && !variable.directoryOnly)
  .map((variable) => `\`${variable.name}\``)
  .join(', ')} are checked with every store; the others only when \`DIRECTORY_KIND\` is \`ldap\` or \`ad\`.
What the service account needs, TLS, \`directory:check\` and the sync: [directories.md](directories.md) and
[active-directory.md](active-directory.md).

${table(variables.filter((variable) => variable.directory))}
`;
}

main();
