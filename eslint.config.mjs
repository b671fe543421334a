// @ts-check
/**
 * One flat config for the whole workspace: type-aware typescript-eslint (the rules the house
 * style names) and Nx module boundaries with real constraints between the projects' tags
 * (each project.json: scope:<service|shared|infra>, type:<app|feature|data-access|contracts|util>).
 * Formatting is Prettier's job, so eslint-config-prettier comes last and turns off style rules.
 */
import js from '@eslint/js';
import { createProjectGraphAsync } from '@nx/devkit';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier/flat';
import tseslint from 'typescript-eslint';

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
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            // Nothing imports an application (a service or a gateway), whatever its scope.
            { sourceTag: '*', notDependOnLibsWithTags: ['type:app'] },
            // Shared libs stand alone: they never reach into infrastructure or a service.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // Local infrastructure (dev broker, dev PostgreSQL, compose jobs) may use shared libs.
            { sourceTag: 'scope:infra', onlyDependOnLibsWithTags: ['scope:shared', 'scope:infra'] },
            // A service talks to another only through Kafka events: shared libs and contracts only.
            ...SERVICE_SCOPES.map((scope) => ({
              sourceTag: scope,
              onlyDependOnLibsWithTags: ['scope:shared'],
            })),
          ],
        },
      ],
    },
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
