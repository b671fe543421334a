/** Three projects: unit (no infrastructure), integration (real PostgreSQL + broker), e2e (the whole stack). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const common = {
  // jose 6 and file-type 21 (with its tokenizer packages) ship ES modules only; Node loads them with
  // require(esm), jest needs them transformed. file-type's export map names only import conditions.
  // unpdf's PDF.js bundle (an .mjs the document service requires by path) likewise. mercurius loads
  // quick-lru (ES modules only) with a dynamic import, which jest's CommonJS runtime cannot run:
  // both are transformed, so the import becomes a require.
  transform: { '^.+\\.(ts|js|mjs)$': swc },
  transformIgnorePatterns: [
    '/node_modules/(?!(jose|file-type|strtok3|token-types|uint8array-extras|@tokenizer|@borewit|unpdf|mercurius|quick-lru)/)',
  ],
  moduleNameMapper: { '^file-type$': '<rootDir>/node_modules/file-type/index.js' },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  modulePathIgnorePatterns: ['<rootDir>/.local/'],
};
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,services,scripts,test,infra,bench,tools}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services,scripts,test,infra,bench,tools}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/setup/integration-global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/integration-global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/setup/long-timeout.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/integration-global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/integration-global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/setup/long-timeout.ts'],
    },
  ],
};
