/**
 * The README's first command: `npm start` with nothing configured — embedded PostgreSQL, the
 * in-process bus and pub/sub, every service in one process — must take a booking from hold to a
 * confirmation the buyer is told about and the dashboard counts, and take the sandbox's success
 * card from any number of buyers. It runs beside the test stack, on its own ports and its own
 * fresh PostgreSQL data folder.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { bookAndPay, graphqlClient, registerUser, repositoryRoot, testCard, waitFor } from '@showstream/testkit';

const PORT_BASE = 4200;
const request = graphqlClient(`http://127.0.0.1:${PORT_BASE}/graphql`);
const dataDir = `${repositoryRoot}.data/test-embedded-postgres`;
let stack: ChildProcess;
let output = '';

beforeAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  // Nothing of the test stack's services (no POSTGRES_URL, REDIS_URL or KAFKA_BROKERS), and every subgraph.
  const {
    POSTGRES_URL: _postgres,
    REDIS_URL: _redis,
    KAFKA_BROKERS: _kafka,
    DB_NAME_PREFIX: _prefix,
    SUBGRAPHS: _only,
    ...env
  } = process.env;
  stack = spawn(process.execPath, ['scripts/start.ts'], {
    cwd: repositoryRoot,
    // Info, for the shutdown steps; every buyer registers from this one address: room for more sign-ups a minute than one person needs.
    env: {
      ...env,
      PORT_BASE: String(PORT_BASE),
      EMBEDDED_POSTGRES_PORT: '5434',
      EMBEDDED_POSTGRES_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      RATE_LIMIT_AUTH: '100/60',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  stack.stdout!.on('data', (chunk) => (output += chunk));
  stack.stderr!.on('data', (chunk) => (output += chunk));
  await waitFor(
    () => {
      if (stack.exitCode !== null) throw new Error(`npm start exited:\n${output.slice(-3000)}`);
      return output.includes('ShowStream is up');
    },
    120_000,
    200,
  );
}, 130_000);

afterAll(async () => {
  if (stack.exitCode === null) {
    const exited = new Promise((resolve) => stack.once('exit', resolve));
    process.kill(-stack.pid!, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  }
  stack.stdout!.destroy();
  stack.stderr!.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

/** A seeded show, once inventory has its seats (the seed's shows reach it over the bus, possibly after the stack said it was up). */
async function seededShow(): Promise<{ showId: string; seatMap: () => Promise<{ number: string; status: string }[]> }> {
  const events = (await request('{ events(first: 20) { edges { node { shows { id } } } } }')).data!.events.edges as {
    node: { shows: { id: string }[] };
  }[];
  const showId = events.flatMap((edge) => edge.node.shows).at(-1)!.id;
  const seatMap = async () =>
    ((await request('query($id: ID!) { seatMap(showId: $id) { seats { number status } } }', { id: showId })).data
      ?.seatMap?.seats ?? []) as { number: string; status: string }[];
  await waitFor(async () => (await seatMap()).length > 0, 30_000, 200);
  return { showId, seatMap };
}

describe('npm start with nothing configured', () => {
  it('prints where to point a browser and books a seeded show end to end', async () => {
    expect(output).toContain(`http://localhost:${PORT_BASE}/explorer`);
    const { showId, seatMap } = await seededShow();
    // Seeded layouts differ (stalls, balconies, standing rows): take the first two seats on sale.
    const seats = (await seatMap())
      .filter((seat) => seat.status === 'AVAILABLE')
      .slice(0, 2)
      .map((seat) => seat.number);
    const buyer = await registerUser(request, 'embedded');
    const { booking } = await bookAndPay(request, buyer.accessToken, showId, seats, testCard('success'));

    await waitFor(
      async () =>
        (
          await request(
            'query($id: ID!) { booking(id: $id) { status } }',
            { id: booking.id },
            { token: buyer.accessToken },
          )
        ).data!.booking.status === 'CONFIRMED',
      20_000,
      100,
    );
    await waitFor(
      async () =>
        (await seatMap()).filter((seat) => seats.includes(seat.number)).every((seat) => seat.status === 'BOOKED'),
      10_000,
      100,
    );
    await waitFor(
      async () =>
        (await request('{ myNotifications { totalCount } }', {}, { token: buyer.accessToken })).data!.myNotifications
          .totalCount === 1,
      10_000,
      100,
    );

    const admin = (
      await request(
        'mutation { login(email: "admin@showstream.local", password: "ShowStream-admin-1") { accessToken } }',
      )
    ).data!.login.accessToken;
    const expected = {
      bookings: { confirmed: 1 },
      revenue: { captured: { amountMinor: booking.finalAmount.amountMinor } },
    };
    let dashboard: unknown;
    await waitFor(
      async () => {
        dashboard = (
          await request(
            '{ dashboard { bookings { confirmed } revenue { captured { amountMinor } } } }',
            {},
            { token: admin },
          )
        ).data!.dashboard;
        return JSON.stringify(dashboard) === JSON.stringify(expected);
      },
      15_000,
      200,
    ).catch(() => expect(dashboard).toEqual(expected));
  }, 60_000);

  it('confirms 20 buyers in a row who all pay with the sandbox success card, tok_success', async () => {
    const { showId, seatMap } = await seededShow();
    const seats = (await seatMap())
      .filter((seat) => seat.status === 'AVAILABLE')
      .slice(0, 20)
      .map((seat) => seat.number);
    expect(seats).toHaveLength(20);
    const bookings: { id: string; token: string }[] = [];
    for (const [index, seat] of seats.entries()) {
      const buyer = await registerUser(request, `tok-success-${index}`);
      const { booking, payment } = await bookAndPay(request, buyer.accessToken, showId, [seat], 'tok_success');
      expect({ buyer: index, status: payment.status }).toEqual({ buyer: index, status: 'SUCCEEDED' });
      bookings.push({ id: booking.id, token: buyer.accessToken });
    }
    const status = async ({ id, token }: { id: string; token: string }) =>
      (await request('query($id: ID!) { booking(id: $id) { status } }', { id }, { token })).data!.booking
        .status as string;
    const confirmed = Array<string>(20).fill('CONFIRMED');
    await waitFor(
      async () => JSON.stringify(await Promise.all(bookings.map(status))) === JSON.stringify(confirmed),
      30_000,
      500,
    ).catch(async () => expect(await Promise.all(bookings.map(status))).toEqual(confirmed));
  }, 120_000);

  it('stops on Ctrl-C in dependency order: web, router, subgraphs, then PostgreSQL', async () => {
    const exited = new Promise<number | null>((resolve) => stack.once('exit', resolve));
    // A terminal's Ctrl-C signals the whole foreground process group, PostgreSQL included.
    process.kill(-stack.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    const steps = output
      .split('\n')
      .filter((line) => line.startsWith('{') && line.includes('"msg":"stopped"'))
      .map((line) => (JSON.parse(line) as { step: string }).step);
    const at = (step: string) => {
      expect(steps).toContain(step);
      return steps.indexOf(step);
    };
    const subgraphs = ['users', 'catalog', 'inventory', 'booking', 'payment', 'notification', 'analytics'];
    expect(at('web http')).toBeLessThan(at('router http'));
    for (const name of subgraphs) {
      expect(at('router http')).toBeLessThan(at(`${name} http`));
      expect(at(`${name} http`)).toBeLessThan(at('embedded postgres'));
      expect(at(`${name} database`)).toBeLessThan(at('embedded postgres'));
    }
    // The in-process bus's consumers write to the databases too.
    expect(at('event bus')).toBeLessThan(at('embedded postgres'));
    // No service lost its connections to a PostgreSQL that stopped first.
    expect(output).not.toMatch(/terminating connection due to administrator command|Connection terminated/);
  }, 30_000);
});
