import { repositoryRoot } from './stack.ts';

/** Where browser tests save their screenshots. */
export const BROWSER_ARTIFACTS = `${repositoryRoot}.data/artifacts/web`;

/**
 * How browser tests launch Chromium through playwright-core: Debian's `chromium` (or
 * `CHROMIUM_PATH`), headless, with the flags CI's container needs — no sandbox, no GPU, nothing
 * phoning home. (Options only: testkit does not depend on playwright-core.)
 */
export function chromiumLaunchOptions(): { executablePath: string; args: string[] } {
  return {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  };
}
