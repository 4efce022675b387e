import { OIDC_SANDBOX_CLIENT_ID, OIDC_SANDBOX_PORT, dropTestDatabases, startOidcSandbox, startStack, testEnvironment } from '../src/index.ts';

/** Starts the OIDC sandbox and the real stack once for every test file. */
export default async function globalSetup(): Promise<void> {
  await dropTestDatabases(testEnvironment().postgresUrl);
  const oidc = await startOidcSandbox(OIDC_SANDBOX_PORT);
  const stack = await startStack({
    // Short, so the reuse-detection test need not wait the production default of 10 s.
    REFRESH_REUSE_GRACE_SECONDS: '1',
    // Realistic data for search, listings and the query-count test, loaded the way `npm start` does.
    SEED_DEMO_DATA: 'true',
    // Holds of 12 s and a fast sweep, so expiry tests finish in seconds.
    HOLD_MINUTES: '0.2',
    EXPIRY_SWEEP_MS: '200',
    OIDC_PROVIDERS: JSON.stringify({ sandbox: { issuer: oidc.issuer, clientId: OIDC_SANDBOX_CLIENT_ID } }),
  });
  Object.assign(globalThis, { __showstream: { stack, oidc } });
}
