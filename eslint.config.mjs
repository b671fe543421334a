// @ts-check
/**
 * One flat config for the whole workspace: type-aware typescript-eslint (the rules the house
 * style names), Nx module boundaries with real constraints between the projects' tags (each
 * project.json: scope:<service|shared|infra|tooling>, type:<app|feature|data-access|contracts|util|testing>),
 * and the workspace's own rule that keeps a service's features behind their modules.
 * Formatting is Prettier's job, so eslint-config-prettier comes last and turns off style rules.
 */
import js from '@eslint/js';
import { createProjectGraphAsync } from '@nx/devkit';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier/flat';
import tseslint from 'typescript-eslint';
import lawfirm from './tools/eslint-plugin/index.mjs';

// @nx/enforce-module-boundaries only reads Nx's cached project graph and silently skips itself
// when there is none (a fresh clone, CI, a cleared .nx folder). Computing the graph here, once
// per ESLint run, means the boundaries are always checked, against the current project.json tags.
// (nx.json sets useDaemonProcess: false, which these machines need.)
await createProjectGraphAsync({ exitOnError: true });

const SERVICE_SCOPES = [
  'scope:gateway',
  'scope:admin-gateway',
  'scope:intake',
  'scope:timekeeping',
  'scope:billing',
  'scope:docket',
  'scope:document',
];

/** What each type of project may depend on; `type:testing` is added only where tests may use it. */
const TYPE_DEPENDENCIES = {
  'type:util': ['type:util'],
  'type:contracts': ['type:util', 'type:contracts'],
  'type:data-access': ['type:util', 'type:contracts', 'type:data-access'],
  'type:feature': ['type:util', 'type:contracts', 'type:data-access', 'type:feature'],
  'type:app': ['type:util', 'type:contracts', 'type:data-access', 'type:feature'],
  'type:testing': ['type:util', 'type:contracts', 'type:data-access', 'type:feature', 'type:testing'],
};

/**
 * The options of @nx/enforce-module-boundaries. `testing`: the files may import type:testing
 * projects (specs, test/, bench/). `allow`: import paths exempt from the check.
 * @param {{ testing: boolean, allow?: string[] }} options
 */
function moduleBoundaries({ testing, allow = [] }) {
  return {
    allow,
    // Spec-only loops: messaging's integration specs run on the test harness (libs/testing, which
    // builds on messaging) and feed a real consumer (matter-projection, which builds on messaging).
    // No production file takes part in them.
    ignoredCircularDependencies: [
      ['messaging', 'testing'],
      ['messaging', 'matter-projection'],
    ],
    depConstraints: [
      // Nothing but tooling depends on an application (a service or a gateway), even through
      // another project: the dev stack starts them and reads their documents and schemas.
      ...['scope:shared', 'scope:infra', ...SERVICE_SCOPES].map((scope) => ({
        sourceTag: scope,
        notDependOnLibsWithTags: ['type:app'],
      })),
      ...Object.entries(TYPE_DEPENDENCIES).map(([type, allowed]) => ({
        sourceTag: type,
        onlyDependOnLibsWithTags: testing ? [...new Set([...allowed, 'type:testing'])] : allowed,
      })),
      // Shared libs stand alone: they never reach into infrastructure, tooling or a service.
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      // Local infrastructure (dev broker, dev PostgreSQL, compose jobs) may use shared libs.
      { sourceTag: 'scope:infra', onlyDependOnLibsWithTags: ['scope:shared', 'scope:infra'] },
      // The dev stack, the system tests and the benchmarks drive everything else.
      {
        sourceTag: 'scope:tooling',
        onlyDependOnLibsWithTags: ['scope:shared', 'scope:infra', 'scope:tooling'],
      },
      // A service talks to another only through Kafka events: shared libs and contracts only.
      ...SERVICE_SCOPES.map((scope) => ({ sourceTag: scope, onlyDependOnLibsWithTags: ['scope:shared'] })),
    ],
  };
}

/** A relative import of a service's source (an `allow` entry is a regular expression on the import path). */
const INTO_A_SERVICE = '^(\\.\\./)+services/[^/]+/src/';

/** The dev stack and the command-line tools, which read or reuse a service's own code. */
const TOOLS = ['scripts', 'tools'];

/** Test files anywhere: the only production-side files allowed to import `type:testing` projects. */
const SPEC_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.local/**', '**/dist/**', '**/coverage/**', '.nx/**'] },

  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...nx.configs['flat/base'],

  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        // Each file is checked with the tsconfig that includes it (the root tsconfig.json). Its
        // compiler options (experimentalDecorators + emitDecoratorMetadata) also tell
        // consistent-type-imports to leave files with decorators alone; see below.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Nest resolves constructor parameters from emitted decorator metadata, which needs the
      // class as a runtime import. With type information the rule reads both decorator options
      // from the tsconfig and reports nothing in a file that has a decorator, so it can never
      // turn `import { MatterService }` of an injected class into `import type` (checked by
      // adding an injected class as a type-only candidate: no report, no fix).
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', disallowTypeAnnotations: false, fixStyle: 'inline-type-imports' },
      ],
      // `_name` marks a deliberately unused binding (e.g. a property dropped by destructuring).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ testing: false })],
    },
  },

  // Specs may use the test seams of libs/testing; production code may not.
  {
    files: SPEC_FILES,
    rules: { '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ testing: true })] },
  },

  // The dev stack reads the services' own code (entities and migrations for schema drift, Nest
  // modules for the API documents), a command-line tool may reuse a service's row rules, the
  // system tests and the benchmarks boot services in-process (their AppModule, config and database
  // lists), and the drills benchmark runs the drills of test/ at full scale. Those are the only
  // relative imports across projects; everything else goes through package names.
  {
    files: TOOLS.map((dir) => `${dir}/**/*.ts`),
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        moduleBoundaries({ testing: false, allow: [INTO_A_SERVICE] }),
      ],
    },
  },
  {
    files: TOOLS.flatMap((dir) => SPEC_FILES.map((pattern) => `${dir}/${pattern}`)),
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        moduleBoundaries({ testing: true, allow: [INTO_A_SERVICE] }),
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        moduleBoundaries({
          testing: true,
          allow: [INTO_A_SERVICE, '^\\.\\./test/(setup|drills|e2e/support)/'],
        }),
      ],
    },
  },

  // A feature of a service uses another feature only through its module or exported service.
  {
    files: ['services/*/src/**/*.ts'],
    plugins: { lawfirm },
    rules: { 'lawfirm/feature-boundaries': 'error' },
  },

  // Plain JavaScript (jest.config.js, this file) is outside the TypeScript program.
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: { module: 'readonly', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },

  prettier,
);
