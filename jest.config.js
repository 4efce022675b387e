/**
 * Two Jest projects. `unit`: tests beside the code (in `src/`), pure functions and
 * in-memory pieces, no services — `npm run test:unit` runs them in seconds. `integration`: tests in
 * `test/` folders, which share one real stack that globalSetup starts (only when one of them runs).
 * Sources are native ESM TypeScript; @swc/jest strips the types (ts-jest cannot run with
 * TypeScript 7, and type checking is `tsc -b`'s job).
 */
const faultTests = process.env.SHOWSTREAM_FAULT_TESTS === '1';
const packages = '{platform,contracts,router,testkit,schema,e2e,web,subgraphs/*}';

const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2024', experimental: { keepImportAttributes: true } },
        module: { type: 'es6' },
      },
    ],
  },
};

const unit = { ...common, displayName: 'unit', testMatch: [`<rootDir>/${packages}/src/**/*.test.ts`] };

const integration = {
  ...common,
  displayName: 'integration',
  // Fault tests crash services and stop Kafka, so they run on their own after everything else (scripts/test.ts).
  testMatch: [`<rootDir>/${packages}/test/**/*${faultTests ? '.faults' : ''}.test.ts`],
  testPathIgnorePatterns: faultTests ? ['/node_modules/'] : ['/node_modules/', '\\.faults\\.test\\.ts$'],
  globalSetup: '<rootDir>/testkit/jest/global-setup.ts',
  globalTeardown: '<rootDir>/testkit/jest/global-teardown.ts',
};

export default {
  projects: faultTests ? [integration] : [unit, integration],
  // A global option: Jest ignores it inside a project. Integration tests wait on real services.
  testTimeout: 60_000,
  // Integration suites share one stack and its databases; two workers keep the 2-core machine responsive.
  maxWorkers: 2,
};
