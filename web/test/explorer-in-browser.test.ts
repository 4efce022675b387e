/**
 * The router's explorer in a real browser, against a router in production mode (trusted
 * operations enforced, introspection for admins only) in front of the test stack's subgraphs:
 * a first visit shows how to use it, one click on ▶ signs in, the session's token goes into every
 * request by itself and is renewed before it expires, and an admin query runs with it.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  BROWSER_ARTIFACTS,
  SUPERADMIN,
  chromiumLaunchOptions,
  startRouterProcess,
  type RouterProcess,
} from '@showstream/testkit';

let router: RouterProcess;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(BROWSER_ARTIFACTS, { recursive: true });
  // +51: beside the hostile-requests router (+50), which may run at the same time.
  router = await startRouterProcess({ RATE_LIMIT_KEY_PREFIX: `explorer-${randomUUID()}` }, { portOffset: 51 });
  browser = await chromium.launch(chromiumLaunchOptions());
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await router?.stop();
});

interface SentRequest {
  operationName?: string;
  query?: string;
  authorization?: string;
}

/** A page on the explorer that records every GraphQL request it sends. */
async function openExplorer(): Promise<{ page: Page; sent: SentRequest[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const sent: SentRequest[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'POST' || !request.url().endsWith('/graphql')) return;
    const body = request.postDataJSON() as { operationName?: string; query?: string };
    sent.push({ operationName: body.operationName, query: body.query, authorization: request.headers().authorization });
  });
  await page.goto(router.url.replace('/graphql', '/explorer'));
  await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
  return { page, sent };
}

/** Replaces an editor's text as typing would (GraphiQL keeps its tab state from the editor's change events). */
const setEditor = (page: Page, selector: string, text: string) =>
  page.evaluate(
    ([target, value]) =>
      (
        document.querySelector(target) as unknown as { CodeMirror: { setValue(text: string): void } }
      ).CodeMirror.setValue(value),
    [selector, text] as const,
  );
const editorText = (page: Page, selector: string) =>
  page.evaluate(
    (target) =>
      (document.querySelector(target) as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(),
    selector,
  );

const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
const VARIABLES_EDITOR = '.graphiql-editor-tool .graphiql-editor .CodeMirror';
const RESPONSE = '.graphiql-response .CodeMirror';

/** Runs what the editor holds and returns the response pane's JSON once it has one. */
async function run(page: Page): Promise<{ data?: Record<string, any>; errors?: { message: string }[] }> {
  // GraphiQL reads the operation's name from the edited document after a short debounce; a click
  // sooner than any person makes would send the previous tab's operationName with the new text.
  await page.waitForTimeout(500);
  await setEditor(page, RESPONSE, '');
  await page.locator('.graphiql-execute-button').click();
  await page.waitForFunction(
    (target) =>
      (document.querySelector(target) as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue()
        .trim()
        .startsWith('{'),
    RESPONSE,
    { timeout: 15_000 },
  );
  return JSON.parse(await editorText(page, RESPONSE)) as { data?: Record<string, any>; errors?: { message: string }[] };
}

describe('the explorer', () => {
  it('shows a first-time visitor how to sign in, signs in with one click, and sends the token by itself', async () => {
    const { page, sent } = await openExplorer();
    // The guide is open beside the editor, which holds client-ops' Login with the variables to fill in.
    const guide = page.locator('.explorer-guide');
    await guide.waitFor();
    await expect(guide.getByTestId('explorer-session').textContent()).resolves.toBe('Not signed in.');
    await expect(guide.textContent()).resolves.toContain('Authorization: Bearer <access token>');
    await expect(editorText(page, QUERY_EDITOR)).resolves.toContain(
      'mutation Login($email: String!, $password: String!)',
    );
    await expect(editorText(page, VARIABLES_EDITOR).then((text) => JSON.parse(text) as unknown)).resolves.toEqual({
      email: '',
      password: '',
    });
    await page.screenshot({ path: `${BROWSER_ARTIFACTS}/explorer-first-visit.png` });

    // One click on ▶ signs in: the production router accepts client-ops' Login from a caller without a token.
    await setEditor(
      page,
      VARIABLES_EDITOR,
      JSON.stringify({ email: SUPERADMIN.email, password: SUPERADMIN.password }, null, 2),
    );
    const login = await run(page);
    expect(login.errors).toBeUndefined();
    expect(login.data!.login.user.role).toBe('SUPER_ADMIN');
    await expect(guide.getByTestId('explorer-session').textContent()).resolves.toContain(
      `Signed in as ${SUPERADMIN.email} (SUPER_ADMIN).`,
    );
    expect(sent.filter((request) => request.operationName === 'Login')).toHaveLength(1);
    const token = (login.data!.login as { accessToken: string }).accessToken;

    // An ad-hoc admin query (in no manifest) runs with the injected token: nothing pasted into Headers.
    await setEditor(page, VARIABLES_EDITOR, '');
    await setEditor(
      page,
      QUERY_EDITOR,
      'query AdminProbe {\n  users(first: 3) {\n    totalCount\n    edges { node { email role } }\n  }\n}\n',
    );
    const probe = await run(page);
    expect(probe.errors).toBeUndefined();
    expect(probe.data!.users.totalCount).toBeGreaterThan(0);
    const sentProbe = sent.filter((request) => request.operationName === 'AdminProbe');
    expect(sentProbe.map((request) => request.authorization)).toEqual([`Bearer ${token}`]);
    // Signed in as an admin, GraphiQL loaded the schema again, with the token (introspection is for admins in production).
    expect(
      sent.some(
        (request) => request.operationName === 'IntrospectionQuery' && request.authorization === `Bearer ${token}`,
      ),
    ).toBe(true);
    await page.screenshot({ path: `${BROWSER_ARTIFACTS}/explorer-signed-in.png` });
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('renews the access token before it expires (refresh-token rotation) and keeps sending the new one', async () => {
    const { page, sent } = await openExplorer();
    await setEditor(page, VARIABLES_EDITOR, JSON.stringify({ email: SUPERADMIN.email, password: SUPERADMIN.password }));
    const login = await run(page);
    expect(login.errors).toBeUndefined();
    const first = login.data!.login as { accessToken: string; refreshToken: string };

    // As if 14 of the token's 15 minutes had passed: the stored session says it expires in 30 s.
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('showstream.explorer.session')!) as {
        accessTokenExpiresAt: string;
      };
      session.accessTokenExpiresAt = new Date(Date.now() + 30_000).toISOString();
      localStorage.setItem('showstream.explorer.session', JSON.stringify(session));
    });
    await page.reload();
    await page.waitForFunction(
      (previous) => {
        const session = JSON.parse(localStorage.getItem('showstream.explorer.session') ?? 'null') as {
          refreshToken: string;
        } | null;
        return session !== null && session.refreshToken !== previous;
      },
      first.refreshToken,
      { timeout: 15_000 },
    );
    expect(sent.filter((request) => request.operationName === 'RefreshSession')).toHaveLength(1);
    const renewed = await page.evaluate(
      () => JSON.parse(localStorage.getItem('showstream.explorer.session')!) as { accessToken: string },
    );
    expect(renewed.accessToken).not.toBe(first.accessToken);

    await setEditor(page, QUERY_EDITOR, 'query AfterRenewal { me { email role } }');
    const me = await run(page);
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toEqual({ email: SUPERADMIN.email, role: 'SUPER_ADMIN' });
    expect(sent.find((request) => request.operationName === 'AfterRenewal')?.authorization).toBe(
      `Bearer ${renewed.accessToken}`,
    );
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
