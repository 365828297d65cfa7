/**
 * Writes docs/error-codes.md from the exception classes: every class that
 * extends DomainException, its code enum (with each code's doc comment) and
 * its status map. `--check` writes nothing and fails when the checked-in file
 * differs, so the catalogue cannot go stale.
 *
 *   npm run docs:error-codes             # rewrite docs/error-codes.md
 *   npm run docs:error-codes -- --check  # CI: fail when it is stale
 *
 * It reads the sources (TypeScript's parser), not the running app: no
 * database, Redis or configuration is needed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { writeOrCheck } from './generated-file';

const ROOT = join(__dirname, '..');
const OUTPUT = join(ROOT, 'docs', 'error-codes.md');
const SOURCES = ['libs', 'apps'];
// The admin UI and portal only read codes; tests and fixtures declare none.
const SKIP = new Set(['node_modules', 'admin', 'dist']);

interface Code {
  key: string;
  code: string;
  status: number;
  meaning: string;
}

interface Catalogue {
  className: string;
  file: string;
  summary: string;
  codes: Code[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The text of the doc comments (or line comments) right above a node, as one sentence. */
function commentOf(node: ts.Node, source: ts.SourceFile): string {
  const ranges = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
  return ranges
    .map((range) =>
      source.text
        .slice(range.pos, range.end)
        .replace(/^\/\*\*?|\*\/$/g, '')
        .replace(/^\s*\/\/ ?/gm, '')
        .replace(/^\s*\* ?/gm, '')
        .trim(),
    )
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function propertyName(name: ts.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  throw new Error(`unsupported property name ${name.getText()}`);
}

/** `{ A: 'X', … } as const` (or without `as const`) → its object literal. */
function objectLiteral(expression: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  let node = expression;
  while (node && (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node))) node = node.expression;
  return node && ts.isObjectLiteralExpression(node) ? node : undefined;
}

function topLevelConst(source: ts.SourceFile, name: string): ts.VariableDeclaration | undefined {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const found = statement.declarationList.declarations.find(
      (declaration) => ts.isIdentifier(declaration.name) && declaration.name.text === name,
    );
    if (found) return found;
  }
  return undefined;
}

function read(file: string): Catalogue[] {
  const text = readFileSync(file, 'utf8');
  if (!text.includes('extends DomainException<')) return [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const where = relative(ROOT, file);
  const catalogues: Catalogue[] = [];
  for (const statement of source.statements) {
    if (!ts.isClassDeclaration(statement) || !statement.name) continue;
    const base = statement.heritageClauses
      ?.flatMap((clause) => clause.types)
      .find((type) => type.expression.getText() === 'DomainException');
    const codeType = base?.typeArguments?.[0];
    if (!base || !codeType || !ts.isTypeReferenceNode(codeType)) continue;
    const className = statement.name.text;
    const enumName = codeType.typeName.getText();
    const enumLiteral = objectLiteral(topLevelConst(source, enumName)?.initializer);
    if (!enumLiteral) throw new Error(`${where}: ${className} uses ${enumName}, which is not an object literal declared in this file`);

    const statusProperty = statement.members.find(
      (member): member is ts.PropertyDeclaration => ts.isPropertyDeclaration(member) && member.name.getText() === 'statusByCode',
    );
    let statusLiteral = objectLiteral(statusProperty?.initializer);
    if (!statusLiteral && statusProperty?.initializer && ts.isIdentifier(statusProperty.initializer))
      statusLiteral = objectLiteral(topLevelConst(source, statusProperty.initializer.text)?.initializer);
    if (!statusLiteral) throw new Error(`${where}: ${className}.statusByCode is not an object literal in this file`);
    const statuses = new Map<string, { status: number; comment: string }>();
    for (const property of statusLiteral.properties) {
      if (!ts.isPropertyAssignment(property) || !ts.isNumericLiteral(property.initializer))
        throw new Error(`${where}: ${className}.statusByCode must map each code to a number literal`);
      statuses.set(propertyName(property.name), { status: Number(property.initializer.text), comment: commentOf(property, source) });
    }

    const codes = enumLiteral.properties.map((property): Code => {
      if (!ts.isPropertyAssignment(property) || !ts.isStringLiteral(property.initializer))
        throw new Error(`${where}: ${enumName} must map each key to a string literal`);
      const code = property.initializer.text;
      const status = statuses.get(code);
      if (!status) throw new Error(`${where}: ${className} has no status for ${code}`);
      return { key: propertyName(property.name), code, status: status.status, meaning: commentOf(property, source) || status.comment };
    });
    catalogues.push({ className, file: where, summary: commentOf(statement, source), codes });
  }
  return catalogues;
}

/** Problems that make the catalogue wrong rather than stale: a code without a meaning, one code with two statuses. */
function problemsOf(catalogues: Catalogue[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, { status: number; className: string }>();
  for (const { className, file, codes } of catalogues) {
    for (const { code, key, status, meaning } of codes) {
      if (!meaning) problems.push(`${file}: ${code} (${className}, ${key}) has no doc comment saying what it means`);
      const before = seen.get(code);
      if (before && before.status !== status)
        problems.push(
          `${code} is ${before.status} in ${before.className} but ${status} in ${className}: one condition, one code, one status`,
        );
      if (!before) seen.set(code, { status, className });
    }
  }
  return problems;
}

/** `DirectorySyncException` → "Directory sync". */
const heading = (className: string) =>
  className
    .replace(/Exception$/, '')
    .replace(/(?<=[a-z])(?=[A-Z])/g, ' ')
    .replace(/ [A-Z]/g, (letter) => letter.toLowerCase());

const escape = (text: string) => text.replace(/\|/g, '\\|');

function render(catalogues: Catalogue[]): string {
  const raisedBy = new Map<string, string[]>();
  for (const { className, codes } of catalogues)
    for (const { code } of codes) raisedBy.set(code, [...(raisedBy.get(code) ?? []), className]);
  const shared = [...raisedBy].filter(([, classes]) => classes.length > 1).sort(([a], [b]) => a.localeCompare(b));
  const total = raisedBy.size;

  const lines = [
    '# Error codes',
    '',
    '<!-- Generated by scripts/docs-error-codes.ts from the exception classes. Do not edit: change the code enum',
    '     and its doc comments, then run `npm run docs:error-codes`. CI runs it with --check. -->',
    '',
    'Every error the API answers, including those of the framework underneath (body parsing, routing, guards,',
    'validation, uploads, rate limits), has one JSON body:',
    '',
    '```json',
    '{ "statusCode": 409, "error": "Conflict", "message": "Ticket #12 is closed; reopen it first", "code": "TICKET_FINISHED" }',
    '```',
    '',
    '`message` is written for people and may change; clients switch on `code`. Some answers add fields a client',
    'needs to act, never secrets: `attemptsLeft` after a wrong code; `retryAfterSeconds`, also sent as the',
    '`Retry-After` header, on every 429 and on outages worth retrying; `rules` / `failedRules` naming the',
    'password rules that refused a password.',
    'A code means one condition everywhere: where verification, resets and self-service meet the same',
    'condition, they answer the same code.',
    '',
    `${total} codes in ${catalogues.length} catalogues, one per domain; each comes from the exception class named in its heading.`,
    '',
  ];
  for (const { className, file, summary, codes } of catalogues) {
    lines.push(`## ${heading(className)}`, '', `\`${className}\` in \`${file}\`${summary ? `: ${summary}` : ''}`, '');
    lines.push('| Code | Status | Meaning |', '|---|---|---|');
    for (const { code, status, meaning } of codes) lines.push(`| \`${code}\` | ${status} | ${escape(meaning)} |`);
    lines.push('');
  }
  if (shared.length > 0) {
    lines.push(
      '## Codes shared by several domains',
      '',
      'The same condition met in more than one domain answers one code, with one status.',
      '',
    );
    lines.push('| Code | Raised by |', '|---|---|');
    for (const [code, classes] of shared) lines.push(`| \`${code}\` | ${classes.map((name) => `\`${name}\``).join(', ')} |`);
    lines.push('');
  }
  return lines.join('\n');
}

function main(): void {
  const catalogues = SOURCES.flatMap((dir) => sourceFiles(join(ROOT, dir)))
    .sort()
    .flatMap(read)
    // The HTTP layer's codes first: every route can answer them.
    .sort((a, b) => Number(!a.file.startsWith('libs/core/')) - Number(!b.file.startsWith('libs/core/')));
  const problems = problemsOf(catalogues);
  if (problems.length > 0) {
    for (const problem of problems) console.error(problem);
    process.exit(1);
  }
  const markdown = render(catalogues);
  writeOrCheck(markdown, {
    path: OUTPUT,
    name: relative(ROOT, OUTPUT),
    regenerate: 'npm run docs:error-codes',
    summary: `${new Set(catalogues.flatMap(({ codes }) => codes.map(({ code }) => code))).size} codes from ${catalogues.length} exception classes`,
  });
}

main();
