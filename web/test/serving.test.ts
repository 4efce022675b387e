/**
 * How the web server serves the built app: compressed for browsers that accept it, with source
 * maps kept for developers in web/dist but never served or referenced.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { WEB_PORT_OFFSET } from '@showstream/platform';
import { repositoryRoot, testEnvironment, waitFor } from '@showstream/testkit';

const WEB_URL = `http://127.0.0.1:${testEnvironment().portBase + WEB_PORT_OFFSET}`;

describe('the web server', () => {
  it('compresses the bundle and serves no source maps', async () => {
    await waitFor(
      () =>
        fetch(`${WEB_URL}/health`).then(
          (response) => response.ok,
          () => false,
        ),
      90_000,
      250,
    );
    const html = await (await fetch(`${WEB_URL}/`)).text();
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;

    for (const encoding of ['br', 'gzip']) {
      const response = await fetch(`${WEB_URL}${script}`, { headers: { 'accept-encoding': encoding } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(await response.text()).not.toContain('sourceMappingURL');
    }
    // Built for developers (hidden), not served.
    expect(existsSync(`${repositoryRoot}web/dist${script}.map`)).toBe(true);
    expect((await fetch(`${WEB_URL}${script}.map`)).status).toBe(404);
  }, 120_000);
});
