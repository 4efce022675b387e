import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { generateKeyPair, SignJWT } from 'jose';
import { getIntrospectionQuery } from 'graphql';
import { liveChannels } from '@showstream/contracts';
import { RedisPubSub, createLogger } from '@showstream/platform';
import {
  SUPERADMIN,
  graphqlClient,
  loginAs,
  registerUser,
  signAccessToken,
  startRouterProcess,
  testEnvironment,
  waitFor,
  type RouterProcess,
  type TestUser,
} from '@showstream/testkit';

/**
 * Hostile requests against a router in production mode with strict budgets, in front of the test
 * stack's subgraphs: each is refused the right way, before anything runs, and the router keeps
 * serving. Users are registered through the stack's own router (generous budgets); only the
 * hostile requests go to this one.
 */
const BUDGET = { requests: 60, strict: 3 };
const CAPS = { subscriptionsPerConnection: 3, connectionsPerUser: 2, connectionsPerAddress: 8 };

const manifest = JSON.parse(
  readFileSync(new URL('../../client-ops/generated/persisted-operations.json', import.meta.url), 'utf8'),
) as {
  operations: { id: string; name: string; body: string }[];
};
function operation(name: string) {
  const found = manifest.operations.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`${name} is not in the manifest`);
  return found;
}
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const stackRequest = graphqlClient(testEnvironment().routerUrl);
let router: RouterProcess;
let admin: TestUser;

beforeAll(async () => {
  router = await startRouterProcess({
    // Counters of their own in the shared Redis: no other run, stack or helper spends from these budgets.
    RATE_LIMIT_KEY_PREFIX: `hostile-${randomUUID()}`,
    RATE_LIMIT_REQUESTS: `${BUDGET.requests}/60`,
    RATE_LIMIT_AUTH: `${BUDGET.strict}/60`,
    RATE_LIMIT_SEAT_LOCKS: `${BUDGET.strict}/60`,
    RATE_LIMIT_PAYMENTS: `${BUDGET.strict}/60`,
    // As behind one reverse proxy: each test poses as addresses of its own through X-Forwarded-For.
    TRUST_PROXY: '1',
    WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: String(CAPS.subscriptionsPerConnection),
    WS_MAX_CONNECTIONS_PER_USER: String(CAPS.connectionsPerUser),
    WS_MAX_CONNECTIONS_PER_IP: String(CAPS.connectionsPerAddress),
  });
  admin = await loginAs(stackRequest, SUPERADMIN.email, SUPERADMIN.password);
}, 90_000);

afterAll(() => router?.stop());

let addresses = 0;
/** A client address of its own (a loopback one, only ever written into X-Forwarded-For). */
const newAddress = () => `127.1.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`;

interface Reply {
  status: number;
  headers: Headers;
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
}

/** POSTs a GraphQL request body as a browser would, from `address`. */
async function post(body: Record<string, unknown>, options: { token?: string; address?: string } = {}): Promise<Reply> {
  const response = await fetch(router.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': options.address ?? newAddress(),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, ...((await response.json()) as object) };
}

const run = (
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; address?: string } = {},
) => post({ query, variables }, options);
const byId = (
  id: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; address?: string } = {},
) => post({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: id } } }, options);
const code = (reply: Reply) => reply.errors?.[0]?.extensions?.code;

/** The service keeps serving: a published operation, by id, from a fresh address. */
async function expectServing(options: { token?: string; address?: string } = {}): Promise<void> {
  const reply = await byId(operation('Cities').id, {}, options);
  expect(reply.errors).toBeUndefined();
  expect(Array.isArray(reply.data!.cities)).toBe(true);
}

describe('trusted operations in production mode', () => {
  it('serves manifest operations by id and by an identical document, as standard clients send them', async () => {
    const user = await registerUser(stackRequest, 'trusted');
    const cities = await byId(operation('Cities').id);
    expect(cities.status).toBe(200);
    expect(cities.errors).toBeUndefined();

    expect((await run(operation('Me').body, {}, { token: user.accessToken })).data!.me.id).toBe(user.id);
    // What urql or Apollo Client sends: __typename in every selection set, fragments first, their own layout.
    const [operationText, ...fragments] = operation('ShowDetails')
      .body.replace(/\{\n/g, '{ __typename\n')
      .split('\n\nfragment ');
    expect(fragments.length).toBeGreaterThan(0);
    const clientShaped = [...fragments.map((fragment) => `fragment ${fragment}`).reverse(), operationText]
      .join('\n\n')
      .replace(/\n\s*/g, ' ');
    const show = await run(clientShaped, { id: randomUUID() }, { token: user.accessToken });
    expect(show.errors).toBeUndefined();
    expect(show.data!.show).toBeNull();
  });

  it('refuses other operations and unknown ids from ordinary callers before anything runs', async () => {
    const user = await registerUser(stackRequest, 'untrusted');
    const adHoc = await run('{ cities }');
    expect(adHoc.status).toBe(400);
    expect(code(adHoc)).toBe('OPERATION_NOT_ALLOWED');
    expect(adHoc.data).toBeUndefined();
    // A manifest operation with a field less is another operation.
    expect(code(await run('query Me { me { id } }', {}, { token: user.accessToken }))).toBe('OPERATION_NOT_ALLOWED');
    expect(code(await byId(sha256('{ cities }')))).toBe('PERSISTED_QUERY_NOT_FOUND');

    // An unlisted mutation does not run: the account it would have created does not exist.
    const email = `never-${randomUUID().slice(0, 8)}@example.test`;
    const register = await run(
      'mutation { register(input: { email: $email, password: "Passw0rd-test", firstName: "N", lastName: "N" }) { accessToken } }'.replace(
        '$email',
        JSON.stringify(email),
      ),
    );
    expect(code(register)).toBe('OPERATION_NOT_ALLOWED');
    expect(code(await stackRequest(operation('Login').body, { email, password: 'Passw0rd-test' }))).toBe(
      'UNAUTHENTICATED',
    );
    await expectServing();
  });

  it('never lets a client add to the list through persisted-query registration', async () => {
    const query = '{ cities paymentGateways }';
    const registration = await post({
      query,
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } },
    });
    expect(code(registration)).toBe('OPERATION_NOT_ALLOWED');
    // Even an admin's (allowed to run) registration stores nothing.
    const asAdmin = await post(
      { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } },
      { token: admin.accessToken },
    );
    expect(asAdmin.errors).toBeUndefined();
    expect(code(await byId(sha256(query)))).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('opens the explorer on a sign-in the production router accepts from a caller without a token', async () => {
    const html = await (await fetch(router.url.replace('/graphql', '/explorer'))).text();
    const signIn = JSON.parse(
      /<script type="application\/json" id="explorer-sign-in">(.*?)<\/script>/s.exec(html)![1]!,
    ) as { document: string };
    // As the explorer sends it: the comment lines above the document, then the document.
    const reply = await run(`# ShowStream explorer\n${signIn.document}\n`, {
      email: SUPERADMIN.email,
      password: SUPERADMIN.password,
    });
    expect(reply.errors).toBeUndefined();
    expect(reply.data!.login.user.role).toBe('SUPER_ADMIN');
  });

  it('lets an admin run any operation (the explorer)', async () => {
    const reply = await run('query AdHoc { users(first: 1) { totalCount } cities }', {}, { token: admin.accessToken });
    expect(reply.errors).toBeUndefined();
    expect(reply.data!.users.totalCount).toBeGreaterThan(0);
  });
});

describe('introspection in production mode', () => {
  it('is refused to users and anonymous callers, and validation errors do not describe the schema', async () => {
    const user = await registerUser(stackRequest, 'introspect');
    const asUser = await run('{ __schema { queryType { name } } }', {}, { token: user.accessToken });
    expect(asUser.status).toBe(403);
    expect(code(asUser)).toBe('FORBIDDEN');
    expect(asUser.data).toBeUndefined();
    const anonymous = await run('{ __type(name: "Booking") { fields { name } } }');
    expect(anonymous.status).toBe(403);
    expect(code(anonymous)).toBe('FORBIDDEN');
    const typo = await run('{ citiess }');
    expect(typo.status).toBe(400);
    expect(code(typo)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(typo.errors![0]!.message).not.toMatch(/Did you mean/);
    await expectServing({ token: user.accessToken });
  });

  it('leaves "Did you mean …" out of validation and variable errors for anonymous callers and users, and keeps it for admins', async () => {
    const user = await registerUser(stackRequest, 'hints');
    const typos = [
      '{ citiess }',
      'query Q($f: EventFiltr) { events(filter: $f) { totalCount } }',
      '{ events(filtr: {}) { totalCount } }',
    ];
    const category = { filter: { category: 'MOVI' } };
    const replies = [
      ...(await Promise.all(typos.map((query) => run(query)))),
      ...(await Promise.all(typos.map((query) => run(query, {}, { token: user.accessToken })))),
      // A published operation with a variable that does not coerce: refused before it runs, as the client's mistake.
      await run(operation('BrowseEvents').body, category),
      await byId(operation('BrowseEvents').id, category, { token: user.accessToken }),
    ];
    for (const reply of replies) {
      expect(reply.status).toBe(400);
      expect(reply.data).toBeUndefined();
    }
    expect(replies.map(code)).toEqual([
      ...typos.map(() => 'GRAPHQL_VALIDATION_FAILED'),
      ...typos.map(() => 'GRAPHQL_VALIDATION_FAILED'),
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
    ]);
    expect(replies.at(-1)!.errors![0]!.message).toMatch(/"MOVI" does not exist in "EventCategory" enum/);
    expect(JSON.stringify(replies)).not.toMatch(/Did you mean/);

    // The explorer's users keep them.
    const asAdmin = await run('{ citiess }', {}, { token: admin.accessToken });
    expect(asAdmin.errors![0]!.message).toMatch(/Did you mean "cities"\?/);
    const variableAsAdmin = await byId(operation('BrowseEvents').id, category, { token: admin.accessToken });
    expect(code(variableAsAdmin)).toBe('BAD_USER_INPUT');
    expect(variableAsAdmin.errors![0]!.message).toMatch(/Did you mean the enum value "MOVIE"\?/);
  });

  it("is open to admins, with the explorer's full introspection query", async () => {
    const reply = await run(getIntrospectionQuery({ inputValueDeprecation: true }), {}, { token: admin.accessToken });
    expect(reply.errors).toBeUndefined();
    expect(reply.data!.__schema.types.length).toBeGreaterThan(50);
  });
});

describe('document limits, for admins too', () => {
  /** event(1) then `shows { event }` pairs: depth 2 + 2 × levels. */
  const nested = (levels: number) =>
    `{ event(id: "${randomUUID()}") ${'{ shows { event '.repeat(levels)}{ id }${' } }'.repeat(levels)} }`;
  const refusal = async (query: string, expected: RegExp, expectedCode = 'GRAPHQL_VALIDATION_FAILED') => {
    const reply = await run(query, {}, { token: admin.accessToken });
    expect(reply.status).toBe(400);
    expect(code(reply)).toBe(expectedCode);
    expect(reply.errors!.map((error) => error.message).join('\n')).toMatch(expected);
    expect(reply.data).toBeUndefined();
    await expectServing();
  };

  it('refuses over-deep queries', async () => {
    expect((await run(nested(4), {}, { token: admin.accessToken })).errors).toBeUndefined();
    await refusal(nested(5), /depth limit of 10 exceeded, found 12/);
  });

  it('refuses alias bombs, token floods and directive floods', async () => {
    await refusal(
      `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: cities`).join(' ')} }`,
      /Aliases limit of 15 exceeded/,
    );
    await refusal(
      `{ ${Array.from({ length: 5_000 }, (_, i) => `a${i}: cities`).join(' ')} }`,
      /more that 1000 tokens/,
      'GRAPHQL_PARSE_FAILED',
    );
    await refusal(`{ ${'cities '.repeat(1_000)}}`, /more that 1000 tokens/, 'GRAPHQL_PARSE_FAILED');
    await refusal(`{ ${'cities @include(if: true) '.repeat(21)}}`, /Directives limit of 20 exceeded/);
  });

  it('refuses queries over the cost limit', async () => {
    // A page of 100 shows with their events' shows costs about 8,900; three of them side by side are over 20,000.
    const page =
      'shows(first: 100) { edges { node { id startsAt event { id title shows { id venue { id name } } } } } }';
    await refusal(`{ a: ${page} b: ${page} c: ${page} }`, /Cost limit of 20000 exceeded/);
  });

  it('counts depth through fragments, and refuses fragment cycles', async () => {
    const chain = Array.from(
      { length: 5 },
      (_, i) => `fragment F${i} on Event { shows { event { ${i < 4 ? `...F${i + 1}` : 'id'} } } }`,
    ).join('\n');
    await refusal(`{ event(id: "${randomUUID()}") { ...F0 } }\n${chain}`, /depth limit of 10 exceeded/);
    await refusal(
      '{ ...A }\nfragment A on Query { cities ...B }\nfragment B on Query { ...A }',
      /Cannot spread fragment "A" within itself/,
    );
  });

  it('measures operations and fragments named __schema like any other', async () => {
    await refusal(`query __schema ${nested(5)}`, /depth limit/);
    const deepFragment = `fragment __schema on Event { ${'shows { event { '.repeat(5)}id${' } }'.repeat(5)} }`;
    await refusal(`{ event(id: "${randomUUID()}") { ...__schema } }\n${deepFragment}`, /depth limit/);
    // Introspection itself is bounded by graphql-js's own rule: types → fields → type → fields… goes no deeper than 3 lists.
    await refusal(
      '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }',
      /Maximum introspection depth exceeded/,
    );
  });

  it('refuses oversized bodies with 413 and a GraphQL error, with or without a length', async () => {
    const huge = JSON.stringify({ query: `{ cities } #${'x'.repeat(110 * 1024)}` });
    const sized = await fetch(router.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: huge,
    });
    expect(sized.status).toBe(413);
    expect(((await sized.json()) as Reply).errors![0]!.extensions!.code).toBe('PAYLOAD_TOO_LARGE');
    // Streamed in chunks, without Content-Length: refused once the limit is read, not after the whole body.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let sent = 0; sent < huge.length; sent += 16 * 1024)
          controller.enqueue(new TextEncoder().encode(huge.slice(sent, sent + 16 * 1024)));
        controller.close();
      },
    });
    const streamed = await fetch(router.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as Reply).errors![0]!.extensions!.code).toBe('PAYLOAD_TOO_LARGE');
    await expectServing();
  });
});

/** The lines the router logged while `requests` ran that a server fault would leave: error level and up, a stack trace, or anything not JSON. */
async function serverFaultsLogged(requests: () => Promise<void>): Promise<string[]> {
  const start = statSync(router.logFile).size;
  await requests();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const written = readFileSync(router.logFile).subarray(start).toString('utf8');
  return written
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      try {
        return (JSON.parse(line) as { level: number }).level >= 50 || /"stack"|\\n\s+at /.test(line);
      } catch {
        return true;
      }
    });
}

describe('client mistakes', () => {
  const expectRefused = (reply: Reply, status: number, expectedCode: string) => {
    expect({ status: reply.status, code: code(reply) }).toEqual({ status, code: expectedCode });
    expect(reply.data).toBeUndefined();
    expect(JSON.stringify(reply)).not.toMatch(/stacktrace|\bat .*\.[jt]s:\d/);
  };

  it('answers each with a 4xx and a stable code, runs the protections first, and logs no server error', async () => {
    const cities = operation('Cities').body;
    const faults = await serverFaultsLogged(async () => {
      // Introspection refused.
      expectRefused(await run('{ __schema { types { name } } }'), 403, 'FORBIDDEN');
      // An operationName the document does not hold, or none among several: for a published document...
      expectRefused(await post({ query: cities, operationName: 'Nope' }), 400, 'OPERATION_RESOLUTION_FAILURE');
      // ...and for an admin's own; for anyone else an unpublished document is refused first, resolvable or not.
      expectRefused(
        await post({ query: 'query A { cities } query B { cities }' }, { token: admin.accessToken }),
        400,
        'OPERATION_RESOLUTION_FAILURE',
      );
      expectRefused(
        await post(
          { query: 'query A { cities } query B { cities }', operationName: 'C' },
          { token: admin.accessToken },
        ),
        400,
        'OPERATION_RESOLUTION_FAILURE',
      );
      expectRefused(await post({ query: 'query A { cities } query B { cities }' }), 400, 'OPERATION_NOT_ALLOWED');
      expectRefused(
        await post({ query: 'query A { __schema { types { name } } } query B { cities }' }),
        403,
        'FORBIDDEN',
      );
      // Several anonymous operations are invalid as a document.
      expectRefused(
        await post({ query: '{ cities } { cities }' }, { token: admin.accessToken }),
        400,
        'GRAPHQL_VALIDATION_FAILED',
      );
      // An APQ hash that is not its document's: Apollo Server's words, under its code for a malformed request.
      const mismatch = await post({
        query: cities,
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ cities }') } },
      });
      expectRefused(mismatch, 400, 'BAD_REQUEST');
      expect(mismatch.errors![0]!.message).toBe('provided sha does not match query');
    });
    expect(faults).toEqual([]);
    await expectServing();
  });

  it('refuses NUL characters and unpaired surrogates in any string argument with BAD_USER_INPUT, before anything runs', async () => {
    const user = await registerUser(stackRequest, 'nul');
    const profile = async () => (await run(operation('Me').body, {}, { token: user.accessToken })).data!.me;
    const before = await profile();
    const faults = await serverFaultsLogged(async () => {
      const refusals = [
        // Variables: top level, nested in input objects, in lists, lone surrogates of either half.
        await run(operation('SearchEvents').body, { query: 'a\u0000b' }),
        await run(operation('VenuesInCity').body, { city: 'Mumbai\ud800' }),
        await byId(operation('BrowseEvents').id, { filter: { city: 'Pune', language: '\udc00x' } }),
        await run(operation('UpdateProfile').body, { input: { firstName: 'Nul\u0000' } }, { token: user.accessToken }),
        await run(
          operation('HoldSeats').body,
          { showId: randomUUID(), seatNumbers: ['A1', 'A2\u0000'] },
          { token: user.accessToken },
        ),
        await run(operation('Register').body, {
          input: {
            email: `nul-${randomUUID().slice(0, 8)}@example.test`,
            password: 'Passw0rd-test',
            firstName: '\ud83d',
            lastName: 'N',
          },
        }),
        // Literals in an admin's own document, nested too.
        await run('{ searchEvents(query: "a\\u0000b") { totalCount } }', {}, { token: admin.accessToken }),
        await run('{ events(filter: { city: "x\\u0000" }) { totalCount } }', {}, { token: admin.accessToken }),
      ];
      for (const reply of refusals) {
        expectRefused(reply, 400, 'BAD_USER_INPUT');
        expect(reply.errors![0]!.message).toMatch(/NUL characters or unpaired UTF-16 surrogates/);
      }
      expect(
        refusals
          .map((reply) => reply.errors![0]!.extensions)
          .map((extensions) => (extensions as { field?: string }).field),
      ).toEqual([
        'query',
        'city',
        'filter.language',
        'input.firstName',
        'seatNumbers.1',
        'input.firstName',
        'query',
        'filter',
      ]);
    });
    expect(faults).toEqual([]);
    // Nothing ran: the profile is as it was.
    expect(await profile()).toEqual(before);
    // A surrogate pair is a character like any other.
    const emoji = await run(operation('SearchEvents').body, { query: 'rock \ud83c\udfb8' });
    expect(emoji.errors).toBeUndefined();
  });
});

describe('metrics', () => {
  it('are not served on the public port, only on their own loopback listener', async () => {
    const publicPort = await fetch(router.url.replace('/graphql', '/metrics'));
    expect(publicPort.status).toBe(404);
    expect(await publicPort.text()).not.toContain('graphql_operations_total');
    const own = await fetch(router.metricsUrl);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('graphql_operations_total{service="router"');
  });
});

describe('rate limits', () => {
  const expectRateLimited = (reply: Reply) => {
    expect(reply.status).toBe(429);
    expect(code(reply)).toBe('RATE_LIMITED');
    const retryAfter = reply.errors![0]!.extensions!.retryAfterSeconds!;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(reply.headers.get('retry-after')).toBe(String(retryAfter));
    expect(reply.data).toBeUndefined();
  };

  it('limits sign-in attempts per address (login and register share a budget); other addresses are unaffected', async () => {
    const victim = await registerUser(stackRequest, 'guessed');
    const attacker = newAddress();
    for (let attempt = 0; attempt < BUDGET.strict; attempt++) {
      expect(
        code(
          await run(
            operation('Login').body,
            { email: victim.email, password: `guess-${attempt}` },
            { address: attacker },
          ),
        ),
      ).toBe('UNAUTHENTICATED');
    }
    expectRateLimited(
      await run(operation('Login').body, { email: victim.email, password: victim.password }, { address: attacker }),
    );
    const input = {
      email: `flood-${randomUUID().slice(0, 8)}@example.test`,
      password: 'Passw0rd-test',
      firstName: 'F',
      lastName: 'F',
    };
    expectRateLimited(await run(operation('Register').body, { input }, { address: attacker }));

    const elsewhere = await run(operation('Login').body, { email: victim.email, password: victim.password });
    expect(elsewhere.errors).toBeUndefined();
    expect(elsewhere.data!.login.user.id).toBe(victim.id);
    await expectServing({ address: attacker });
  });

  it('counts every field of a batched operation', async () => {
    const user = await registerUser(stackRequest, 'batch');
    const logins = Array.from(
      { length: BUDGET.strict + 1 },
      (_, i) => `l${i}: login(email: ${JSON.stringify(user.email)}, password: "wrong") { accessToken }`,
    );
    // Admins may send any operation, but their sign-in budget is as strict as anyone's.
    const batched = await run(`mutation Batched { ${logins.join(' ')} }`, {}, { token: admin.accessToken });
    expectRateLimited(batched);
  });

  it('limits seat holds per user; other users are unaffected', async () => {
    const [hoarder, other] = await Promise.all([
      registerUser(stackRequest, 'hoarder'),
      registerUser(stackRequest, 'other'),
    ]);
    const hold = (user: TestUser) =>
      run(operation('HoldSeats').body, { showId: randomUUID(), seatNumbers: ['A1'] }, { token: user.accessToken });
    for (let attempt = 0; attempt < BUDGET.strict; attempt++)
      expect(code(await hold(hoarder))).not.toBe('RATE_LIMITED');
    expectRateLimited(await hold(hoarder));
    expect(code(await hold(other))).not.toBe('RATE_LIMITED');
    expect((await run(operation('Me').body, {}, { token: hoarder.accessToken })).data!.me.id).toBe(hoarder.id);
  });

  it('limits payment mutations per user; other users are unaffected', async () => {
    const [carder, other] = await Promise.all([
      registerUser(stackRequest, 'carder'),
      registerUser(stackRequest, 'payer'),
    ]);
    const initiate = (user: TestUser) =>
      run(operation('InitiatePayment').body, { bookingId: randomUUID(), method: 'CARD' }, { token: user.accessToken });
    const confirm = (user: TestUser) =>
      run(
        operation('ConfirmPayment').body,
        { transactionId: 'txn_unknown', paymentToken: 'tok_success' },
        { token: user.accessToken },
      );
    for (let attempt = 0; attempt < BUDGET.strict; attempt++)
      expect(code(await confirm(carder))).not.toBe('RATE_LIMITED');
    // One budget for every payment mutation.
    expectRateLimited(await initiate(carder));
    expect(code(await confirm(other))).not.toBe('RATE_LIMITED');
    await expectServing({ token: carder.accessToken });
  });

  it('limits requests per address (and per user) in general', async () => {
    const flooder = newAddress();
    const replies = await Promise.all(
      Array.from({ length: BUDGET.requests }, () => byId(operation('Cities').id, {}, { address: flooder })),
    );
    expect(replies.map(code)).toEqual(Array.from({ length: BUDGET.requests }, () => undefined));
    expectRateLimited(await byId(operation('Cities').id, {}, { address: flooder }));
    await expectServing();
  });
});

describe('WebSocket', () => {
  /** Connects a graphql-ws client and resolves with how the connection ended up. */
  function connect(
    connectionParams: Record<string, unknown> = {},
  ): Promise<{ acknowledged: boolean; closeCode?: number; client: Client }> {
    return new Promise((resolve) => {
      const client: Client = createClient({
        url: router.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams,
        retryAttempts: 0,
        lazy: false,
        on: {
          connected: () => resolve({ acknowledged: true, client }),
          closed: (event) => resolve({ acknowledged: false, closeCode: (event as { code: number }).code, client }),
        },
        onNonLazyError: () => undefined,
      });
    });
  }
  const bearer = (user: TestUser) => ({ authorization: `Bearer ${user.accessToken}` });

  interface Subscription {
    errors: { message: string; extensions?: { code?: string } }[];
    data: unknown[];
    stop: () => void;
  }
  function subscribe(
    client: Client,
    payload: { query: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> },
  ): Subscription {
    const subscription: Subscription = { errors: [], data: [], stop: () => undefined };
    subscription.stop = client.subscribe(payload, {
      next: (result) => subscription.data.push(result.data),
      error: (error) => subscription.errors.push(...(error as Subscription['errors'])),
      complete: () => undefined,
    });
    return subscription;
  }
  const persisted = (name: string, variables: Record<string, unknown> = {}) => ({
    query: '',
    variables,
    extensions: { persistedQuery: { version: 1, sha256Hash: operation(name).id } },
  });
  /** A refusal arrives at once; an accepted subscription stays quiet. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

  it('refuses expired and forged tokens on connection_init with 4403, and keeps accepting others', async () => {
    const user = await registerUser(stackRequest, 'socket');
    const expired = await signAccessToken({ userId: user.id, expiresAt: Math.floor(Date.now() / 1000) - 600 });
    expect(await connect({ authorization: `Bearer ${expired}` })).toMatchObject({
      acknowledged: false,
      closeCode: 4403,
    });
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ role: 'SUPER_ADMIN', email: user.email })
      .setProtectedHeader({ alg: 'ES256', kid: 'forged', typ: 'at+jwt' })
      .setSubject(user.id)
      .setIssuer('showstream-users')
      .setAudience('showstream')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await connect({ authorization: `Bearer ${forged}` })).toMatchObject({
      acknowledged: false,
      closeCode: 4403,
    });
    const valid = await connect(bearer(user));
    expect(valid.acknowledged).toBe(true);
    await valid.client.dispose();
  });

  it('closes a socket that sends a message over the size limit with 1009, and keeps serving', async () => {
    const socket = new WebSocket(router.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.once('close', (closeCode) => resolve(closeCode)));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await new Promise((resolve) => socket.once('message', resolve));
    socket.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: `subscription { notificationReceived { id } } #${'x'.repeat(70 * 1024)}` },
      }),
    );
    expect(await closed).toBe(1009);
    const next = await connect();
    expect(next.acknowledged).toBe(true);
    await next.client.dispose();
  });

  it('applies trusted operations and document limits to subscriptions', async () => {
    const anonymous = await connect();
    const adHoc = subscribe(anonymous.client, { query: 'subscription { seatMapChanged(showId: "1") { version } }' });
    const unknownId = subscribe(anonymous.client, {
      query: '',
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256('subscription { x }') } },
    });
    const listed = subscribe(anonymous.client, persisted('SeatMapChanged', { showId: randomUUID() }));
    await settle();
    expect(adHoc.errors.map((error) => error.extensions?.code)).toEqual(['OPERATION_NOT_ALLOWED']);
    expect(unknownId.errors.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(listed.errors).toEqual([]);
    await anonymous.client.dispose();

    const asAdmin = await connect(bearer(admin));
    const deep = subscribe(asAdmin.client, {
      query: `subscription { seatMapChanged(showId: "1") { show ${'{ event { shows '.repeat(5)}{ id }${' } }'.repeat(5)} } }`,
    });
    await settle();
    expect(deep.errors.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(deep.errors[0]!.message).toMatch(/depth limit/);
    await asAdmin.client.dispose();
  });

  it('keeps schema hints from anonymous subscribers, and refuses unstorable strings and unresolvable operations', async () => {
    const anonymous = await connect();
    const typos = [
      subscribe(anonymous.client, { query: 'subscription { seatMapChangd(showId: "1") { showId } }' }),
      subscribe(anonymous.client, {
        query: 'subscription W($s: IDD!) { seatMapChanged(showId: $s) { showId } }',
        variables: { s: '1' },
      }),
      subscribe(anonymous.client, { query: 'subscription { seatMapChanged(showID: "1") { showId } }' }),
    ];
    // On a connection of their own: each connection holds at most CAPS.subscriptionsPerConnection at once.
    const another = await connect();
    const nul = subscribe(another.client, persisted('SeatMapChanged', { showId: 'a\u0000' }));
    const surrogate = subscribe(another.client, persisted('SeatMapChanged', { showId: '\udfff' }));
    await settle();
    for (const { errors } of typos) {
      expect(errors.length).toBeGreaterThan(0);
      expect(new Set(errors.map((error) => error.extensions?.code))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    }
    expect(JSON.stringify(typos.map((subscription) => subscription.errors))).not.toMatch(/Did you mean/);
    expect([nul, surrogate].map((subscription) => subscription.errors.map((error) => error.extensions?.code))).toEqual([
      ['BAD_USER_INPUT'],
      ['BAD_USER_INPUT'],
    ]);
    await Promise.all([anonymous.client.dispose(), another.client.dispose()]);

    const asAdmin = await connect(bearer(admin));
    const typo = subscribe(asAdmin.client, { query: 'subscription { seatMapChangd(showId: "1") { showId } }' });
    const literal = subscribe(asAdmin.client, {
      query: 'subscription { seatMapChanged(showId: "a\\u0000") { showId } }',
    });
    const unresolved = subscribe(asAdmin.client, {
      query: 'subscription A { notificationReceived { id } } subscription B { notificationReceived { id } }',
    });
    await settle();
    expect(typo.errors[0]!.message).toMatch(/Did you mean "seatMapChanged"\?/);
    expect(literal.errors.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(unresolved.errors.map((error) => error.extensions?.code)).toEqual(['OPERATION_RESOLUTION_FAILURE']);
    await asAdmin.client.dispose();
  });

  it('caps subscriptions per connection; completing one makes room', async () => {
    const user = await registerUser(stackRequest, 'many-subs');
    const { client } = await connect(bearer(user));
    const seatMaps = Array.from({ length: CAPS.subscriptionsPerConnection }, () =>
      subscribe(client, persisted('SeatMapChanged', { showId: randomUUID() })),
    );
    const oneTooMany = subscribe(client, persisted('SeatMapChanged', { showId: randomUUID() }));
    await settle();
    expect(seatMaps.flatMap((subscription) => subscription.errors)).toEqual([]);
    expect(oneTooMany.errors.map((error) => error.extensions?.code)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);

    seatMaps[0]!.stop();
    await settle();
    const notifications = subscribe(client, persisted('NotificationReceived'));
    await settle();
    const pubsub = new RedisPubSub(testEnvironment().redisUrl, createLogger('hostile-requests', 'silent'));
    try {
      const notification = {
        id: randomUUID(),
        channel: 'IN_APP',
        subject: 'Hi',
        body: 'Still here',
        status: 'SENT',
        readAt: null,
        createdAt: new Date().toISOString(),
      };
      await pubsub.publish(liveChannels.notifications.name(user.id), JSON.stringify(notification));
      await waitFor(() => notifications.data.length > 0, 5_000, 20);
      expect(notifications.errors).toEqual([]);
      expect(notifications.data[0]).toEqual({ notificationReceived: notification });
    } finally {
      await pubsub.close();
      await client.dispose();
    }
  });

  it('caps connections per user with 1013 (Try Again Later); closing one makes room', async () => {
    const user = await registerUser(stackRequest, 'many-sockets');
    const open = await Promise.all(Array.from({ length: CAPS.connectionsPerUser }, () => connect(bearer(user))));
    expect(open.map((connection) => connection.acknowledged)).toEqual(open.map(() => true));
    expect(await connect(bearer(user))).toMatchObject({ acknowledged: false, closeCode: 1013 });
    // Another user, and the same user once a socket closes, connect as usual.
    const other = await connect(bearer(await registerUser(stackRequest, 'other-socket')));
    expect(other.acknowledged).toBe(true);
    await open[0]!.client.dispose();
    await waitFor(
      async () => {
        const again = await connect(bearer(user));
        await again.client.dispose();
        return again.acknowledged;
      },
      5_000,
      100,
    );
    for (const connection of [...open.slice(1), other]) await connection.client.dispose();
  });

  it('caps sockets per client address, before connection_init', async () => {
    const address = newAddress();
    const openSocket = () =>
      new Promise<WebSocket>((resolve) => {
        const socket = new WebSocket(router.wsUrl, 'graphql-transport-ws', { headers: { 'x-forwarded-for': address } });
        socket.once('open', () => resolve(socket));
      });
    const sockets = await Promise.all(Array.from({ length: CAPS.connectionsPerAddress }, openSocket));
    const extra = await openSocket();
    const closeCode = await new Promise<number>((resolve) => extra.once('close', (closed) => resolve(closed)));
    expect(closeCode).toBe(1013);
    expect(sockets.every((socket) => socket.readyState === WebSocket.OPEN)).toBe(true);
    for (const socket of sockets) socket.close();
  });
});
