import { beforeAll, describe, expect, it } from '@jest/globals';
import { metricsUrl, registerUser, subscribe } from '@showstream/testkit';
import { LOCK, SEAT_MAP, adminToken, freshShow, request } from './helpers.ts';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const SEAT_MAP_CHANGED = `subscription Watch($show: ID!) {
  seatMapChanged(showId: $show) { showId version seats { number status price { amountMinor } } show { event { title } } }
}`;

type Change = {
  seatMapChanged: {
    showId: string;
    version: number;
    seats: { number: string; status: string }[];
    show: { event: { title: string } };
  };
};

async function routerMetric(name: string): Promise<number> {
  const text = await (await fetch(metricsUrl('router'))).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes('field="seatMapChanged"'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('live seat maps over WebSocket', () => {
  it('shows a hold and its expiry to every subscriber, with versions a reconnecting client can continue from', async () => {
    const showId = await freshShow(admin);
    const title = (await request('query($id: ID!) { show(id: $id) { event { title } } }', { id: showId })).data!.show
      .event.title;
    const watcher = await registerUser(request, 'watcher');
    const anonymous = await subscribe<Change>(SEAT_MAP_CHANGED, { show: showId });
    const signedIn = await subscribe<Change>(SEAT_MAP_CHANGED, { show: showId }, { token: watcher.accessToken });
    const buyer = await registerUser(request, 'buyer');

    const held = await request(LOCK, { show: showId, seats: ['B3', 'B4'] }, { token: buyer.accessToken });
    expect(held.errors).toBeUndefined();
    const isHold = (message: Change) =>
      message.seatMapChanged.seats.some((seat) => seat.number === 'B3' && seat.status === 'LOCKED');
    const [first, second] = await Promise.all([anonymous.waitFor(isHold), signedIn.waitFor(isHold)]);
    for (const change of [first, second]) {
      expect(change.seatMapChanged).toMatchObject({ showId, show: { event: { title } } });
      expect(change.seatMapChanged.seats.map((seat) => seat.number).sort()).toEqual(['B3', 'B4']);
    }
    expect(first.seatMapChanged.version).toBe(second.seatMapChanged.version);

    // A client that reconnects now refetches the map and continues from its version.
    const snapshot = (await request(SEAT_MAP, { id: showId })).data!.seatMap;
    expect(snapshot.version).toBeGreaterThanOrEqual(first.seatMapChanged.version);
    expect(snapshot.seats.find((seat: { number: string }) => seat.number === 'B3').status).toBe('LOCKED');

    const isExpiry = (message: Change) =>
      message.seatMapChanged.seats.some((seat) => seat.number === 'B3' && seat.status === 'AVAILABLE');
    const [freedA, freedB] = await Promise.all([
      anonymous.waitFor(isExpiry, 40_000),
      signedIn.waitFor(isExpiry, 40_000),
    ]);
    expect(freedA.seatMapChanged.version).toBeGreaterThan(first.seatMapChanged.version);
    expect(freedB.seatMapChanged.version).toBe(freedA.seatMapChanged.version);
    await Promise.all([anonymous.close(), signedIn.close()]);
  }, 60_000);

  it('resolves each event once per distinct operation and sends it to every socket that asked', async () => {
    const showId = await freshShow(admin);
    const same = await Promise.all([1, 2, 3].map(() => subscribe<Change>(SEAT_MAP_CHANGED, { show: showId })));
    const other = await subscribe<Change>(
      'subscription Other($show: ID!) { seatMapChanged(showId: $show) { version } }',
      { show: showId },
    );
    const resolutionsBefore = await routerMetric('live_event_resolutions_total');
    const framesBefore = await routerMetric('live_frames_sent_total');

    const buyer = await registerUser(request, 'fanout');
    await request(LOCK, { show: showId, seats: ['A5'] }, { token: buyer.accessToken });
    await Promise.all([...same, other].map((subscriber) => subscriber.waitFor(() => true)));

    expect((await routerMetric('live_event_resolutions_total')) - resolutionsBefore).toBe(2);
    expect((await routerMetric('live_frames_sent_total')) - framesBefore).toBe(4);
    await Promise.all([...same, other].map((subscriber) => subscriber.close()));
  }, 60_000);

  it('refuses queries over the socket and unknown shows as clear errors', async () => {
    await expect(
      subscribe('subscription { seatMapChanged(showId: 1) { nope } }', {}).then((s) => s.waitFor(() => true, 3_000)),
    ).rejects.toThrow(/subscription failed/);
  });
});
