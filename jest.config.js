/**
 * One Jest run for the whole repository. Sources are native ESM TypeScript; @swc/jest strips
 * the types (ts-jest cannot run with TypeScript 7, and type checking is `tsc -b`'s job).
 * Integration tests share one real stack that globalSetup starts.
 */
const faultTests = process.env.SHOWSTREAM_FAULT_TESTS === '1';

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2024', experimental: { keepImportAttributes: true } }, module: { type: 'es6' } }],
  },
  // Fault tests crash services and stop Kafka, so they run on their own after everything else (scripts/test.ts).
  testMatch: [`<rootDir>/{platform,router,testkit,schema,e2e,web,subgraphs/*}/{src,test}/**/*${faultTests ? '.faults' : ''}.test.ts`],
  testPathIgnorePatterns: faultTests ? ['/node_modules/'] : ['/node_modules/', '\\.faults\\.test\\.ts$'],
  globalSetup: '<rootDir>/testkit/jest/global-setup.ts',
  globalTeardown: '<rootDir>/testkit/jest/global-teardown.ts',
  testTimeout: 60_000,
  // Integration suites share one stack and its databases; two workers keep the 2-core machine responsive.
  maxWorkers: 2,
};
