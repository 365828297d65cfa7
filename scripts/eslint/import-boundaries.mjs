// The import boundaries of the monorepo, checked by ESLint (eslint.config.mjs passes the layer table):
// - a lib or app reaches another lib only through its `@resetdesk/<lib>` alias, never by a relative path;
// - no app imports another app, no lib imports an app;
// - a lib imports only libs in lower layers, so an upward import or a cycle between libs fails lint;
// - the admin UI (a browser bundle) imports from libs only their type-only contract files (`@resetdesk/<lib>/<name>.types`).
// Tests, benchmarks and dev scripts import libs through the aliases too; they may reach apps and test/support by path (those
// have no alias).
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ALIAS = /^@resetdesk\/([^/]+)(?:\/(.+))?$/;
const TOOLING = new Set(['test', 'bench', 'scripts']);
const CONTRACT_FILE = /^[\w.-]+\.types$/;

/** Which part of the repo a file belongs to: one lib, one app, or a top-level folder (test, bench, scripts). */
function unitOf(file) {
  const [top, name] = path.relative(ROOT, file).split(path.sep);
  if (top === 'libs' || top === 'apps') return { kind: top === 'libs' ? 'lib' : 'app', name, label: `${top}/${name}` };
  return { kind: top, name: top, label: top };
}

const sameUnit = (a, b) => a.kind === b.kind && a.name === b.name;

/** @type {import('eslint').Rule.RuleModule} */
const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports inside the layered lib/app boundaries' },
    schema: [
      {
        type: 'object',
        properties: { layers: { type: 'array', items: { type: 'array', items: { type: 'string' } } } },
        required: ['layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      relative: "'{{spec}}' reaches into {{target}} by a relative path; import it through its alias{{hint}}.",
      appToApp: "'{{spec}}': an app does not import another app ({{target}}); share the code through a lib.",
      libToApp: "'{{spec}}': a lib does not import an app ({{target}}).",
      selfAlias: "'{{spec}}': {{source}} imports itself through its alias; use a relative path inside the lib.",
      upward: "'{{spec}}': {{source}} (layer {{from}}) may import only libs in lower layers, and {{lib}} is in layer {{to}}.",
      unknownLib: "'{{spec}}': lib '{{lib}}' has no layer; add it to the layer table in eslint.config.mjs.",
      adminContract: "'{{spec}}': the admin UI imports from libs only their type-only contract files (@resetdesk/<lib>/<name>.types).",
    },
  },
  create(context) {
    const layerOf = new Map(context.options[0].layers.flatMap((names, layer) => names.map((name) => [name, layer])));
    const source = unitOf(context.filename);
    if (!['lib', 'app', 'test', 'bench', 'scripts'].includes(source.kind)) return {};

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      const report = (messageId, data = {}) => context.report({ node, messageId, data: { spec, source: source.label, ...data } });

      if (spec.startsWith('.')) {
        const target = unitOf(path.resolve(path.dirname(context.filename), spec));
        if (sameUnit(source, target)) return;
        // Apps and test/support have no alias: tests, benchmarks and dev scripts reach them by path.
        if (TOOLING.has(source.kind) && (target.kind === 'app' || target.kind === 'test')) return;
        if (source.kind === 'app' && target.kind === 'app') return report('appToApp', { target: target.label });
        if (source.kind === 'lib' && target.kind === 'app') return report('libToApp', { target: target.label });
        const alias =
          source.kind === 'app' && source.name === 'admin' ? `@resetdesk/${target.name}/<name>.types` : `@resetdesk/${target.name}`;
        return report('relative', { target: target.label, hint: target.kind === 'lib' ? ` (${alias})` : '' });
      }

      const alias = ALIAS.exec(spec);
      if (!alias) return;
      const [, lib, file] = alias;
      if (source.kind === 'app' && source.name === 'admin') {
        if (!file || !CONTRACT_FILE.test(file)) report('adminContract');
        return;
      }
      if (source.kind !== 'lib') return;
      if (lib === source.name) return report('selfAlias');
      const from = layerOf.get(source.name);
      const to = layerOf.get(lib);
      if (from === undefined) return report('unknownLib', { lib: source.name });
      if (to === undefined) return report('unknownLib', { lib });
      if (to >= from) report('upward', { lib, from, to });
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' &&
        check(node.moduleReference.expression, node.moduleReference.expression.value),
      'CallExpression[callee.name="require"][arguments.0.type="Literal"]': (node) => check(node.arguments[0], node.arguments[0].value),
      // jest.mock('...') names a module too.
      'CallExpression[callee.object.name="jest"][callee.property.name=/^(mock|doMock|requireActual)$/][arguments.0.type="Literal"]': (
        node,
      ) => check(node.arguments[0], node.arguments[0].value),
    };
  },
};

export default { rules: { 'import-boundaries': importBoundaries } };
