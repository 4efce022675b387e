import { beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, createLocalJWKSet, decodeJwt, generateKeyPair, jwtVerify, type JSONWebKeySet } from 'jose';
import {
  CANCEL_BOOKING,
  bookAndPay,
  calendarEvents,
  qrCodesInPdf,
  registerUser,
  showWithSeats,
  subscribe,
  testCard,
  testEnvironment,
  waitFor,
  waitForBooking,
  type TestUser,
} from '@showstream/testkit';
import { adminToken, expectCode, request } from './helpers.ts';

const TICKETS = `query($id: ID!) { booking(id: $id) { status tickets {
  id seatNumber row seatType status qrPayload issuedAt checkedInAt gate voidedAt voidReason show { id } } } }`;
const CHECK_IN = `mutation($show: ID!, $payload: String!, $gate: String!) {
  checkInTicket(showId: $show, qrPayload: $payload, gate: $gate) { id status checkedInAt gate seatNumber } }`;
const REISSUE = 'mutation($id: ID!) { reissueTicket(id: $id) { id status qrPayload seatNumber } }';
const MANIFEST = `query($show: ID!) { ticketManifest(showId: $show) {
  showId generatedAt validTicketIds usedTicketIds voidTicketIds signed } }`;
const UPLOAD = `mutation($show: ID!, $scans: [OfflineScanInput!]!) { uploadOfflineCheckIns(showId: $show, scans: $scans) {
  accepted duplicates rejected { index code }
  conflicts { ticketId seatNumber gate scannedAt reason firstGate firstCheckedInAt } } }`;
const DOCUMENTS = 'query($id: ID!) { booking(id: $id) { ticketDocuments { fileName pdfBase64 calendar } } }';
const COUNT = 'query($show: ID!) { checkInCount(showId: $show) { showId checkedIn admissible } }';

interface Ticket {
  id: string;
  seatNumber: string;
  status: string;
  qrPayload: string;
  voidReason: string | null;
  show: { id: string };
}

let admin: string;
/** The published ticket keys, fetched from the router as a door scanner would: nothing of ShowStream's code is used to verify. */
let ticketKeys: JSONWebKeySet;
beforeAll(async () => {
  admin = await adminToken();
  const response = await fetch(testEnvironment().routerUrl.replace('/graphql', '/.well-known/ticket-keys.json'));
  expect(response.status).toBe(200);
  ticketKeys = (await response.json()) as JSONWebKeySet;
});

async function ticketsOf(token: string, bookingId: string): Promise<Ticket[]> {
  return (await request(TICKETS, { id: bookingId }, { token })).data!.booking.tickets as Ticket[];
}

/** A confirmed booking of `seats`, paid through the sandbox, and its tickets. */
async function confirmedBooking(buyer: TestUser, showId: string, seats: string[]) {
  const { booking, payment } = await bookAndPay(request, buyer.accessToken, showId, seats, testCard('success'));
  await waitForBooking(request, buyer.accessToken, booking.id, 'CONFIRMED');
  return { bookingId: booking.id, paymentId: payment.id, tickets: await ticketsOf(buyer.accessToken, booking.id) };
}

const checkIn = (showId: string, payload: string, gate = 'Gate A', token = admin) =>
  request(CHECK_IN, { show: showId, payload, gate }, { token });

describe('tickets', () => {
  it('a booking of N seats yields N tickets whose QR payloads verify with the published key alone', async () => {
    const showId = await showWithSeats(request, admin);
    const buyer = await registerUser(request, 'ticket-buyer');
    const { bookingId, tickets } = await confirmedBooking(buyer, showId, ['A1', 'A2', 'B3']);

    expect(tickets.map((ticket) => [ticket.seatNumber, ticket.status])).toEqual([
      ['A1', 'VALID'],
      ['A2', 'VALID'],
      ['B3', 'VALID'],
    ]);
    const keys = createLocalJWKSet(ticketKeys);
    for (const ticket of tickets) {
      const { payload, protectedHeader } = await jwtVerify(ticket.qrPayload, keys, { algorithms: ['ES256'] });
      expect(protectedHeader.typ).toBe('ticket+jwt');
      expect(payload).toMatchObject({ jti: ticket.id, show: showId, seat: ticket.seatNumber });
      // Admission closes after the show starts (48 h from now), never before.
      expect(payload.exp! * 1000).toBeGreaterThan(Date.now() + 47 * 3600_000);
      // Compact enough for a QR code a phone camera reads at a turnstile.
      expect(ticket.qrPayload.length).toBeLessThan(400);
    }

    // The same tickets as files to download: a PDF page per seat whose QR code is the ticket's payload.
    const files = (await request(DOCUMENTS, { id: bookingId }, { token: buyer.accessToken })).data!.booking
      .ticketDocuments;
    expect(files.fileName).toMatch(/^ShowStream-SS-/);
    expect(qrCodesInPdf(Buffer.from(files.pdfBase64, 'base64'))).toEqual(tickets.map((ticket) => ticket.qrPayload));
    expect(calendarEvents(files.calendar)).toHaveLength(1);

    // Someone else cannot see them.
    const other = await registerUser(request, 'ticket-peeker');
    expectCode(await request(TICKETS, { id: bookingId }, { token: other.accessToken }), 'FORBIDDEN');
  });

  it('admits a ticket once: of 50 simultaneous scans exactly one succeeds, the rest say when and where', async () => {
    const showId = await showWithSeats(request, admin, 2);
    const buyer = await registerUser(request, 'door-buyer');
    const { bookingId, tickets } = await confirmedBooking(buyer, showId, ['C4']);
    const [ticket] = tickets;
    const live = await subscribe<{ checkInCountChanged: { checkedIn: number; admissible: number } }>(
      'subscription($show: ID!) { checkInCountChanged(showId: $show) { showId checkedIn admissible } }',
      { show: showId },
      { token: admin },
    );

    const scans = await Promise.all(
      Array.from({ length: 50 }, (_, door) => checkIn(showId, ticket!.qrPayload, `Gate ${door}`)),
    );
    const admitted = scans.filter((scan) => !scan.errors);
    expect(admitted).toHaveLength(1);
    const first = admitted[0]!.data!.checkInTicket;
    expect(first).toMatchObject({ id: ticket!.id, status: 'USED', seatNumber: 'C4' });
    for (const refused of scans.filter((scan) => scan.errors)) {
      expect(refused.errors![0]!.extensions).toEqual({
        code: 'ALREADY_USED',
        firstCheckIn: { at: first.checkedInAt, gate: first.gate },
      });
    }
    await live.waitFor((message) => message.checkInCountChanged.checkedIn === 1);
    expect(live.messages.at(-1)!.checkInCountChanged).toEqual({ showId, checkedIn: 1, admissible: 1 });
    await live.close();
    expect((await request(COUNT, { show: showId }, { token: admin })).data!.checkInCount).toEqual({
      showId,
      checkedIn: 1,
      admissible: 1,
    });
    expect((await ticketsOf(buyer.accessToken, bookingId))[0]).toMatchObject({
      status: 'USED',
      gate: first.gate,
    });
  });

  it('refuses forged, tampered and foreign tickets, other shows, early scans and anyone but door staff, changing nothing', async () => {
    const showId = await showWithSeats(request, admin, 2);
    const laterShowId = await showWithSeats(request, admin, 48);
    const buyer = await registerUser(request, 'refused-buyer');
    const [ticket] = (await confirmedBooking(buyer, showId, ['A5'])).tickets;
    const [later] = (await confirmedBooking(buyer, laterShowId, ['A5'])).tickets;

    // Signed with a key of someone else's, with the same claims.
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(decodeJwt(ticket!.qrPayload))
      .setProtectedHeader({ alg: 'ES256', typ: 'ticket+jwt', kid: ticketKeys.keys[0]!.kid })
      .sign(privateKey);
    expectCode(await checkIn(showId, forged), 'INVALID_TICKET');
    // The seat changed in the claims, the signature kept.
    const [header, body, signature] = ticket!.qrPayload.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = [header, Buffer.from(JSON.stringify({ ...claims, seat: 'A6' })).toString('base64url'), signature];
    expectCode(await checkIn(showId, tampered.join('.')), 'INVALID_TICKET');
    expectCode(await checkIn(showId, 'not a ticket'), 'INVALID_TICKET');
    // A signed-in user's own access token is a JWT from ShowStream too, but no ticket.
    expectCode(await checkIn(showId, buyer.accessToken), 'INVALID_TICKET');

    expectCode(await checkIn(showId, later!.qrPayload), 'WRONG_SHOW');
    const early = await checkIn(laterShowId, later!.qrPayload);
    expectCode(early, 'ADMISSION_NOT_OPEN');
    expect(new Date(early.errors![0]!.extensions!.opensAt as string).getTime()).toBeGreaterThan(Date.now());
    expectCode(await checkIn(showId, ticket!.qrPayload, 'Gate A', buyer.accessToken), 'FORBIDDEN');
    expectCode(await checkIn(showId, ticket!.qrPayload, '   '), 'BAD_USER_INPUT', 'gate');

    expect((await request(COUNT, { show: showId }, { token: admin })).data!.checkInCount.checkedIn).toBe(0);
    expectCode(await request(COUNT, { show: showId }, { token: buyer.accessToken }), 'FORBIDDEN');
    expect((await checkIn(showId, ticket!.qrPayload)).data!.checkInTicket.status).toBe('USED');
  });

  it('cancelling a booking voids its tickets; re-issuing replaces one, and the old QR no longer admits', async () => {
    const showId = await showWithSeats(request, admin, 2);
    const laterShowId = await showWithSeats(request, admin, 48);
    const buyer = await registerUser(request, 'void-buyer');
    const { tickets } = await confirmedBooking(buyer, showId, ['B1', 'B2']);

    const reissued = await request(REISSUE, { id: tickets[0]!.id }, { token: buyer.accessToken });
    expect(reissued.errors).toBeUndefined();
    const replacement = reissued.data!.reissueTicket;
    expect(replacement).toMatchObject({ status: 'VALID', seatNumber: 'B1' });
    expect(replacement.id).not.toBe(tickets[0]!.id);
    const stranger = await registerUser(request, 'reissue-stranger');
    expectCode(await request(REISSUE, { id: tickets[1]!.id }, { token: stranger.accessToken }), 'FORBIDDEN');
    expectCode(await request(REISSUE, { id: tickets[0]!.id }, { token: buyer.accessToken }), 'CONFLICT');
    expectCode(await checkIn(showId, tickets[0]!.qrPayload), 'TICKET_VOID');
    expect((await checkIn(showId, replacement.qrPayload)).data!.checkInTicket.status).toBe('USED');

    // A booking cancelled (48 h ahead, so the policy allows it) voids every ticket.
    const { bookingId, tickets: laterTickets } = await confirmedBooking(buyer, laterShowId, ['C1', 'C2']);
    const cancelled = await request(
      CANCEL_BOOKING,
      { id: bookingId, reason: 'Plans changed' },
      { token: buyer.accessToken },
    );
    expect(cancelled.errors).toBeUndefined();
    const after = await ticketsOf(buyer.accessToken, bookingId);
    expect(after.map((ticket) => [ticket.id, ticket.status, ticket.voidReason])).toEqual(
      laterTickets.map((ticket) => [ticket.id, 'VOID', 'Booking cancelled']),
    );
    expectCode(await checkIn(laterShowId, laterTickets[0]!.qrPayload), 'TICKET_VOID');
    expect((await request(DOCUMENTS, { id: bookingId }, { token: buyer.accessToken })).data!.booking).toEqual({
      ticketDocuments: null,
    });

    // An admin's full refund voids them too, once payment's RefundSucceeded reaches booking.
    const refunded = await confirmedBooking(buyer, showId, ['C5']);
    const refund = await request(
      'mutation($id: ID!) { refundPayment(paymentId: $id, reason: "Duplicate purchase") { status } }',
      { id: refunded.paymentId },
      { token: admin },
    );
    expect(refund.errors).toBeUndefined();
    await waitFor(
      async () => (await ticketsOf(buyer.accessToken, refunded.bookingId))[0]!.status === 'VOID',
      20_000,
      150,
    );
    expect((await ticketsOf(buyer.accessToken, refunded.bookingId))[0]!.voidReason).toBe('Booking refunded');
    expectCode(await checkIn(showId, refunded.tickets[0]!.qrPayload), 'TICKET_VOID');
  });

  it('gives offline scanners a signed manifest and reports a ticket used at two doors on upload', async () => {
    const showId = await showWithSeats(request, admin, 2);
    const buyer = await registerUser(request, 'offline-buyer');
    const { tickets } = await confirmedBooking(buyer, showId, ['A3', 'A4', 'C6']);
    const [a3, a4, c6] = tickets;
    expect((await request(REISSUE, { id: c6!.id }, { token: buyer.accessToken })).errors).toBeUndefined();

    const manifest = (await request(MANIFEST, { show: showId }, { token: admin })).data!.ticketManifest;
    const { payload: signed } = await jwtVerify(manifest.signed, createLocalJWKSet(ticketKeys), {
      algorithms: ['ES256'],
      typ: 'ticket-manifest+jwt',
    });
    expect(signed).toMatchObject({
      showId,
      validTicketIds: manifest.validTicketIds,
      voidTicketIds: [c6!.id],
      usedTicketIds: [],
    });
    expect(manifest.validTicketIds).toHaveLength(3);
    expect(manifest.validTicketIds).toEqual(expect.arrayContaining([a3!.id, a4!.id]));
    expectCode(await request(MANIFEST, { show: showId }, { token: buyer.accessToken }), 'FORBIDDEN');

    // Online at Gate A, A3 gets in; offline, Gate B let A3 in too and also the void C6.
    await checkIn(showId, a3!.qrPayload, 'Gate A');
    const minuteAgo = new Date(Date.now() - 60_000).toISOString();
    const scans = [
      { qrPayload: a4!.qrPayload, gate: 'Gate B', scannedAt: minuteAgo },
      { qrPayload: a3!.qrPayload, gate: 'Gate B', scannedAt: minuteAgo },
      { qrPayload: c6!.qrPayload, gate: 'Gate B', scannedAt: minuteAgo },
      { qrPayload: 'garbage', gate: 'Gate B', scannedAt: minuteAgo },
    ];
    const upload = await request(UPLOAD, { show: showId, scans }, { token: admin });
    expect(upload.errors).toBeUndefined();
    const result = upload.data!.uploadOfflineCheckIns;
    expect(result).toMatchObject({ accepted: 1, duplicates: 0, rejected: [{ index: 3, code: 'INVALID_TICKET' }] });
    expect(result.conflicts).toEqual([
      expect.objectContaining({
        ticketId: a3!.id,
        seatNumber: 'A3',
        gate: 'Gate B',
        reason: 'ALREADY_USED',
        firstGate: 'Gate A',
      }),
      expect.objectContaining({
        ticketId: c6!.id,
        seatNumber: 'C6',
        gate: 'Gate B',
        reason: 'TICKET_VOID',
        firstGate: null,
      }),
    ]);

    // Uploaded again (the scanner retried): nothing changes and nothing is counted twice.
    const again = (await request(UPLOAD, { show: showId, scans: scans.slice(0, 3) }, { token: admin })).data!
      .uploadOfflineCheckIns;
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
    const listed = (
      await request(
        `query($show: ID!) { checkInConflicts(showId: $show) { ticketId reason } }`,
        { show: showId },
        { token: admin },
      )
    ).data!.checkInConflicts;
    expect(listed).toEqual([
      { ticketId: a3!.id, reason: 'ALREADY_USED' },
      { ticketId: c6!.id, reason: 'TICKET_VOID' },
    ]);
    expect((await request(COUNT, { show: showId }, { token: admin })).data!.checkInCount).toMatchObject({
      checkedIn: 2,
      admissible: 3,
    });
  });
});
