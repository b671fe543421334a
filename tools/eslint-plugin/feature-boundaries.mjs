// @ts-check
/**
 * Inside a service, each folder under `src/` is a feature with its own Nest module. A feature may
 * use another one only through what that module exports, so an import from
 * `services/<svc>/src/<feature>/**` that lands in `services/<svc>/src/<other>/…` must target
 * `<other>/<name>.module.ts` or `<other>/<name>.service.ts` (types from those files included).
 * Repositories, entities, DTOs and other internals of a feature stay private to it.
 *
 * Files directly under `src/` (app.module.ts, main.ts, config.ts, database.ts, …) and `src/migrations/`
 * belong to no feature: the rule leaves their imports alone (database.ts lists every feature's
 * entities), and any feature may import them. Imports into another service are left to
 * @nx/enforce-module-boundaries.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, posix } from 'node:path';

/** `<workspace>/services/<service>/src/<path inside src>`. */
const SERVICE_SOURCE = /^(.*)\/services\/([^/]+)\/src\/(.+)$/;
/** Folders under `src/` that hold no feature. */
const NOT_FEATURES = new Set(['migrations']);
/** The only files of a feature that other features may import: its module and its services. */
const PUBLIC_FILE = /^[^/]+\.(module|service)(\.[cm]?[jt]s)?$/;

/**
 * @typedef {{ workspace: string, service: string, feature: string | undefined, inFeature: string }} Location
 * `feature` is undefined for a file that belongs to no feature; `inFeature` is the path inside the feature folder.
 */

/** @param {string} path */
const toPosix = (path) => path.replace(/\\/g, '/');

/**
 * @param {string} absolutePath
 * @returns {Location | undefined}
 */
function locate(absolutePath) {
  const match = SERVICE_SOURCE.exec(toPosix(absolutePath));
  if (!match) return undefined;
  const [, workspace = '', service = '', insideSrc = ''] = match;
  const [first, ...rest] = insideSrc.split('/');
  const isFolder = rest.length > 0 || isDirectory(absolutePath);
  const feature = isFolder && first && !NOT_FEATURES.has(first) ? first : undefined;
  return { workspace, service, feature, inFeature: rest.join('/') };
}

/** An import of `../matters` (no file name) names the folder itself, i.e. its index file. */
function isDirectory(/** @type {string} */ path) {
  return existsSync(path) && statSync(path).isDirectory();
}

/**
 * Where an import specifier points, for the specifiers that can reach another feature: relative
 * ones, and `services/…` through the workspace's baseUrl.
 * @param {string} specifier
 * @param {string} importer absolute path of the importing file
 * @param {Location} from
 */
function resolveSpecifier(specifier, importer, from) {
  if (specifier.startsWith('.')) return posix.resolve(toPosix(dirname(importer)), specifier);
  if (specifier.startsWith('services/')) return posix.resolve(from.workspace, specifier);
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const featureBoundaries = {
  meta: {
    type: 'problem',
    docs: {
      description:
        "A feature of a service imports another feature only through that feature's module or exported service.",
    },
    schema: [],
    messages: {
      internals:
        "Feature '{{from}}' imports '{{target}}', an internal of feature '{{to}}'. Use {{to}}'s module or exported service ({{to}}/<name>.module.ts or {{to}}/<name>.service.ts), and export what is needed from there.",
    },
  },
  create(context) {
    const importer = context.filename;
    const from = locate(importer);
    if (!from?.feature) return {};

    /** @param {import('estree').Node | null | undefined} source */
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const targetPath = resolveSpecifier(source.value, importer, from);
      if (!targetPath) return;
      const to = locate(targetPath);
      if (!to?.feature || to.workspace !== from.workspace || to.service !== from.service) return;
      if (to.feature === from.feature || PUBLIC_FILE.test(to.inFeature)) return;
      context.report({
        node: source,
        messageId: 'internals',
        data: { from: from.feature, to: to.feature, target: source.value },
      });
    };

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0]);
      },
    };
  },
};
