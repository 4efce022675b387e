/**
 * The web front end in real browsers against the running supergraph: two headless Chromiums
 * (Debian's `chromium`, driven by playwright-core), each a different signed-in user on the same
 * show. Everything goes through the web server the launcher started (static app + /graphql
 * proxy, HTTP and WebSocket) — the same path a person's browser takes. Screenshots of the seat
 * map, the confirmation and the errors are saved to .data/artifacts/web/.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { WEB_PORT_OFFSET } from '@showstream/platform';
import {
  bookAndPay,
  calendarEvents,
  createEvent,
  createVenueWithScreen,
  graphqlClient,
  holdAndBook,
  holdSeats,
  loginAs,
  qrCodeInPng,
  qrCodesInPdf,
  registerUser,
  repositoryRoot,
  scheduleShow,
  showWithSeats,
  SUPERADMIN,
  testCard,
  testEnvironment,
  waitFor,
  waitForBooking,
  type TestUser,
} from '@showstream/testkit';

const env = testEnvironment();
const request = graphqlClient(env.routerUrl);
const WEB_URL = `http://127.0.0.1:${env.portBase + WEB_PORT_OFFSET}`;
const ARTIFACTS = `${repositoryRoot}.data/artifacts/web`;

/** The flags CI's Chromium needs in a container: no sandbox, no GPU, nothing phoning home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser;
let adminToken: string;
/** Uncaught exceptions in any page: a test fails on them even when the flow looked fine. */
const pageErrors: string[] = [];

/** A fresh browser context (its own storage: a different person) signed in through the app's own form. */
async function signedIn(user: Pick<TestUser, 'email' | 'password'>, next: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-IN' });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${WEB_URL}/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${WEB_URL}${next}`);
  return page;
}

const seat = (page: Page, id: string) => page.locator(`[data-seat="${id}"]`);
const seatIn = (page: Page, id: string, state: string) => page.locator(`[data-seat="${id}"][data-state="${state}"]`);

/** Waits until the live socket is up, so what happens next is seen live rather than on load. */
async function live(page: Page): Promise<void> {
  await page.locator('[data-live="live"]').waitFor({ timeout: 15_000 });
  // The router subscribes the channel while it handles `subscribe`, just after the socket is acknowledged.
  await page.waitForTimeout(300);
}

/** Marks the document; the mark survives only if the page was never reloaded or navigated away from. */
const mark = (page: Page) => page.evaluate(() => Object.assign(window, { __stayed: true }));
const stayed = (page: Page) => page.evaluate(() => (window as unknown as { __stayed?: boolean }).__stayed === true);

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The launcher starts the web server after the router (and builds the app when it is stale).
  await waitFor(
    () =>
      fetch(`${WEB_URL}/health`).then(
        (response) => response.ok,
        () => false,
      ),
    90_000,
    250,
  );
  adminToken = (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('booking in the browser', () => {
  it('shows B the seats A holds turning unavailable live; A pays, sees the confirmation arrive, and cancels for the policy refund', async () => {
    // 72 h ahead: cancelling refunds the whole ticket amount.
    const showId = await showWithSeats(request, adminToken, 72, 'Web Hall');
    const [alice, bob] = await Promise.all([registerUser(request, 'web-a'), registerUser(request, 'web-b')]);
    const [a, b] = await Promise.all([signedIn(alice, `/shows/${showId}`), signedIn(bob, `/shows/${showId}`)]);
    await Promise.all([live(a), live(b), mark(a), mark(b)]);

    // The map is the screen's layout: row C is PREMIUM (tier 2: 125% of the ₹200 base).
    await expect(seat(b, 'C3').getAttribute('aria-label')).resolves.toBe('Row C seat 3, Premium, ₹250, available');
    await expect(seat(b, 'A1').getAttribute('aria-label')).resolves.toBe('Row A seat 1, Normal, ₹200, available');

    // A chooses by keyboard: Space on C3, then right across the aisle to C4 and Enter.
    await seat(a, 'C3').focus();
    await a.keyboard.press('Space');
    await a.keyboard.press('ArrowRight');
    await expect(a.evaluate(() => document.activeElement?.getAttribute('data-seat'))).resolves.toBe('C4');
    await a.keyboard.press('Enter');
    await expect(seat(a, 'C3').getAttribute('aria-label')).resolves.toBe('Row C seat 3, Premium, ₹250, selected');
    await a.getByRole('button', { name: 'Hold 2 seats' }).click();
    await expect(a.getByRole('timer').textContent()).resolves.toMatch(/^0:\d\d$/);

    // B's map changes without a reload: both seats turn unavailable.
    await seatIn(b, 'C3', 'held').waitFor({ timeout: 10_000 });
    await seatIn(b, 'C4', 'held').waitFor({ timeout: 10_000 });
    await expect(seat(b, 'C3').getAttribute('aria-label')).resolves.toBe('Row C seat 3, Premium, ₹250, unavailable');
    await expect(seat(b, 'C3').getAttribute('aria-disabled')).resolves.toBe('true');
    await expect(stayed(b)).resolves.toBe(true);
    await b.locator('.seat-card').screenshot({ path: `${ARTIFACTS}/seat-map-seen-by-b.png` });
    await a.locator('.show-layout').screenshot({ path: `${ARTIFACTS}/seat-map-held-by-a.png` });

    // A books and pays with the sandbox's success card; the confirmation arrives over bookingStatusChanged.
    await a.getByRole('button', { name: 'Continue to payment' }).click();
    await a.waitForURL(/\/bookings\/[0-9a-f-]+$/);
    await live(a);
    await a.getByRole('button', { name: /^Pay ₹/ }).click();
    const confirmed = a.getByRole('heading', { name: 'Booking confirmed' });
    await confirmed.waitFor({ timeout: 20_000 });
    await expect(a.locator('.ticket__reference').textContent()).resolves.toMatch(/^SS-[A-Z0-9]{8}$/);
    await expect(a.locator('.ticket__seats').textContent()).resolves.toBe('C3C4');
    await a.locator('[data-testid="confirmation"]').screenshot({ path: `${ARTIFACTS}/confirmation.png` });
    await a.screenshot({ path: `${ARTIFACTS}/confirmation-page.png`, fullPage: true });

    // B sees the seats sold, still without a reload.
    await seatIn(b, 'C3', 'sold').waitFor({ timeout: 10_000 });
    await expect(stayed(b)).resolves.toBe(true);

    // Cancelling 72 h ahead refunds the tickets (2 × ₹250), not the fee and its GST.
    await a.getByRole('button', { name: 'Cancel booking' }).click();
    await expect(a.getByTestId('refund-quote').textContent()).resolves.toBe('₹500');
    await a.getByRole('button', { name: 'Cancel and refund ₹500' }).click();
    await a.getByRole('heading', { name: 'Booking cancelled' }).waitFor();
    await a
      .locator('.booking-main p', { hasText: '₹500 is on its way back to your card' })
      .waitFor({ timeout: 10_000 });
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('says clearly that a card was declined', async () => {
    const showId = await showWithSeats(request, adminToken, 72, 'Web Declines');
    const buyer = await registerUser(request, 'web-declined');
    const page = await signedIn(buyer, `/shows/${showId}`);
    await live(page);
    await seat(page, 'A2').click();
    await page.getByRole('button', { name: 'Hold seat' }).click();
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.waitForURL(/\/bookings\//);
    await page.getByLabel(/Mastercard ending 0002/).check();
    await page.getByRole('button', { name: /^Pay ₹/ }).click();

    const alert = page.getByRole('alert').filter({ hasText: 'Payment declined' });
    await alert.waitFor({ timeout: 15_000 });
    await expect(alert.textContent()).resolves.toContain('Your bank declined this card. Nothing was charged.');
    // The saga fails the booking (live) and frees the seat; the page keeps saying why.
    await page.locator('.booking-header .pill--failed').waitFor({ timeout: 15_000 });
    await page.getByRole('alert').filter({ hasText: 'Payment declined' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/payment-declined.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('explains a seat taken from under a selection, and a hold that ran out', async () => {
    const showId = await showWithSeats(request, adminToken, 72, 'Web Timeouts');
    const [buyer, rival] = await Promise.all([registerUser(request, 'web-slow'), registerUser(request, 'web-rival')]);
    const page = await signedIn(buyer, `/shows/${showId}`);
    await live(page);
    await seat(page, 'B1').click();
    await seat(page, 'B2').click();

    // Someone else takes B2 first: it leaves the selection, and the page says so.
    await holdSeats(request, rival.accessToken, showId, ['B2']);
    await page
      .getByText('B2 was just taken by someone else and removed from your selection.')
      .first()
      .waitFor({ timeout: 10_000 });
    await expect(seat(page, 'B2').getAttribute('data-state')).resolves.toBe('held');

    // Hold B1 and let the hold (12 s on the test stack) run out.
    await page.getByRole('button', { name: 'Hold seat' }).click();
    await page.getByRole('timer').waitFor();
    const expired = page.getByRole('alert').filter({ hasText: 'Your hold has expired' });
    await expired.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${ARTIFACTS}/hold-expired.png` });
    await seatIn(page, 'B1', 'available').waitFor({ timeout: 10_000 });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('signs out an open page whose account an admin deactivates, instead of retrying its revoked token', async () => {
    const showId = await showWithSeats(request, adminToken, 72, 'Web Deactivated');
    const buyer = await registerUser(request, 'web-deactivated');
    const page = await signedIn(buyer, `/shows/${showId}`);
    await live(page);
    const signIn = page.getByRole('link', { name: 'Sign in' });
    await expect(signIn.count()).resolves.toBe(0);

    const deactivated = await request(
      'mutation($u: ID!) { setUserActive(userId: $u, active: false) { id } }',
      { u: buyer.id },
      { token: adminToken },
    );
    expect(deactivated.errors).toBeUndefined();
    // The router closes the live socket (4403); the app's refresh is refused, and the session ends.
    await signIn.first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${ARTIFACTS}/deactivated-signed-out.png` });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});

describe("show times in the venue's zone", () => {
  it('shows a Bengaluru show at its Indian time with IST to a browser in New York', async () => {
    // 10:00 in Bengaluru three days out: 04:30Z, which New York's clocks read as 23:30 the day before.
    const day = new Date(Date.now() + 3 * 86_400_000 + 330 * 60_000).toISOString().slice(0, 10);
    const { screenId } = await createVenueWithScreen(request, adminToken, 'Bengaluru Talkies', {
      timeZone: 'Asia/Kolkata',
    });
    const eventId = await createEvent(request, adminToken, { title: `Morning Show ${day}`, durationMinutes: 90 });
    const scheduled = await request(
      'mutation($input: ShowInput!) { scheduleShow(input: $input) { id startsAt } }',
      {
        input: {
          eventId,
          screenId,
          startsAtLocal: `${day}T10:00`,
          basePrice: { amountMinor: 20_000, currency: 'INR' },
        },
      },
      { token: adminToken },
    );
    expect(scheduled.errors).toBeUndefined();
    const { id: showId, startsAt } = scheduled.data!.scheduleShow as { id: string; startsAt: string };
    expect(startsAt).toBe(`${day}T04:30:00.000Z`);
    await waitFor(
      async () => !(await request('query($id: ID!) { seatMap(showId: $id) { version } }', { id: showId })).errors,
      20_000,
      100,
    );
    const buyer = await registerUser(request, 'web-new-york');
    await holdAndBook(request, buyer.accessToken, showId, ['A1']);

    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
      timezoneId: 'America/New_York',
    });
    const page = await context.newPage();
    // This page's own errors: pages of the tests before may still be running (and signed out) in the background.
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // ICU puts a narrow no-break space before "am" in some versions.
    const text = async (selector: string) =>
      ((await page.locator(selector).first().textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ');
    const [, month, date] = day.split('-').map(Number) as [number, number, number];
    const dayMonth = `${date} ${new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })}`;

    // The event page: the show under its Indian day, at 10:00 am IST, not New York's 11:30 pm.
    await page.goto(`${WEB_URL}/events/${eventId}`);
    await page.locator('.showtime__time').first().waitFor();
    await expect(page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).resolves.toBe(
      'America/New_York',
    );
    await expect(text('.showtime__time')).resolves.toBe('10:00 am IST');
    await expect(text('.show-day__title')).resolves.toContain(dayMonth);
    await page.screenshot({ path: `${ARTIFACTS}/bengaluru-event-in-new-york.png`, fullPage: true });

    // The show page's heading.
    await page.goto(`${WEB_URL}/shows/${showId}`);
    await page.locator('.show-header h1').waitFor();
    const heading = await text('.show-header h1');
    expect(heading).toContain(`${dayMonth}, 10:00 am IST`);
    expect(heading).not.toMatch(/11:30/);
    await page.screenshot({ path: `${ARTIFACTS}/bengaluru-show-in-new-york.png` });

    // My bookings, signed in through the app's form in the same New York browser.
    await page.goto(`${WEB_URL}/signin?next=${encodeURIComponent('/bookings')}`);
    await page.getByLabel('Email').fill(buyer.email);
    await page.getByLabel('Password').fill(buyer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${WEB_URL}/bookings`);
    await page.locator('.booking-row').first().waitFor();
    await expect(text('.booking-row .muted')).resolves.toContain(`${dayMonth}, 10:00 am IST`);
    await page.screenshot({ path: `${ARTIFACTS}/bengaluru-booking-in-new-york.png` });
    await context.close();
    expect(errors).toEqual([]);
  }, 60_000);
});

describe('tickets at the door', () => {
  it('gives the buyer a QR code per seat and the files; the door scanner admits a ticket once, counting live', async () => {
    // Two hours ahead: the doors (open three hours before) are open.
    const showId = await showWithSeats(request, adminToken, 2, 'Door Hall');
    const buyer = await registerUser(request, 'web-tickets');
    const { booking } = await bookAndPay(request, buyer.accessToken, showId, ['B2', 'B3'], testCard('success'));
    await waitForBooking(request, buyer.accessToken, booking.id, 'CONFIRMED');
    const { tickets } = (
      await request(
        'query($id: ID!) { booking(id: $id) { tickets { seatNumber qrPayload } } }',
        { id: booking.id },
        { token: buyer.accessToken },
      )
    ).data!.booking as { tickets: { seatNumber: string; qrPayload: string }[] };
    const payloads = tickets.map((ticket) => ticket.qrPayload);
    const { startsAt } = (await request('query($id: ID!) { show(id: $id) { startsAt } }', { id: showId })).data!.show;

    // The buyer's booking page shows a QR code per seat that a phone camera reads as the signed ticket.
    const page = await signedIn(buyer, `/bookings/${booking.id}`);
    await page.getByRole('heading', { name: 'Your tickets' }).waitFor({ timeout: 15_000 });
    for (const ticket of tickets) {
      const code = page.getByRole('img', { name: `QR code for seat ${ticket.seatNumber}` });
      await page.waitForFunction(
        (seat) => (document.querySelector(`img[alt="QR code for seat ${seat}"]`) as HTMLImageElement | null)?.complete,
        ticket.seatNumber,
      );
      expect(qrCodeInPng(await code.screenshot())).toBe(ticket.qrPayload);
    }
    // The PDF and the calendar entry download as files.
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download tickets (PDF)' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`ShowStream-${booking.reference}.pdf`);
    expect(qrCodesInPdf(readFileSync(await pdf.path()))).toEqual(payloads);
    const [ics] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Add to calendar (.ics)' }).click(),
    ]);
    const [entry] = calendarEvents(readFileSync(await ics.path(), 'utf8'));
    expect(entry!.start.toISOString()).toBe(new Date(Math.floor(Date.parse(startsAt) / 1000) * 1000).toISOString());
    // An INR show's fee carries GST, named as the booking names its tax.
    await expect(page.locator('.totals dt').allTextContents()).resolves.toEqual([
      'Tickets',
      'Booking fee',
      'GST on booking fee',
      'Total',
    ]);
    await page.locator('[data-testid="confirmation"]').screenshot({ path: `${ARTIFACTS}/tickets.png` });
    // Re-issuing B3 (its code was shared, say) shows a new code; the old one no longer admits (below).
    const b3 = page.locator('[data-ticket]', { hasText: 'Seat B3' });
    const oldB3 = await b3.getAttribute('data-ticket');
    page.once('dialog', (dialog) => void dialog.accept());
    await b3.getByRole('button', { name: 'Replace this code' }).click();
    await page.waitForFunction((old) => document.querySelectorAll(`[data-ticket="${old}"]`).length === 0, oldB3);
    await page.waitForFunction(
      () => (document.querySelector('img[alt="QR code for seat B3"]') as HTMLImageElement | null)?.complete,
    );
    const reissued = qrCodeInPng(await page.getByRole('img', { name: 'QR code for seat B3' }).screenshot());
    expect(reissued).not.toBeNull();
    expect(reissued).not.toBe(payloads[1]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${ARTIFACTS}/tickets-phone.png`, fullPage: true });

    // At the door, an admin pastes what a scanner read: the first scan admits, the second says where it got in.
    const door = await signedIn(SUPERADMIN, `/door?show=${showId}`);
    await door.getByLabel('Gate').fill('Gate 3');
    await live(door);
    const count = door.getByTestId('check-in-count');
    await door.waitForFunction(() =>
      document.querySelector('[data-testid="check-in-count"]')?.textContent?.includes('0 of 2 in'),
    );
    await door.getByLabel('Ticket code').fill(payloads[0]!);
    await door.getByRole('button', { name: 'Check in' }).click();
    const verdict = door.getByTestId('door-verdict');
    await verdict.filter({ hasText: 'Admit one' }).waitFor();
    await expect(verdict.textContent()).resolves.toBe('Admit oneSeat B2 · Row B');
    // The count moves live (checkInCountChanged), not by reloading.
    await door.waitForFunction(() =>
      document.querySelector('[data-testid="check-in-count"]')?.textContent?.includes('1 of 2 in'),
    );
    await door.screenshot({ path: `${ARTIFACTS}/door-admitted.png`, fullPage: true });
    await door.getByLabel('Ticket code').fill(payloads[0]!);
    await door.getByRole('button', { name: 'Check in' }).click();
    await verdict.filter({ hasText: 'Already used' }).waitFor();
    // When, on the venue's clock (the test venues are in Bengaluru).
    await expect(verdict.textContent()).resolves.toMatch(/^Already usedThis ticket got in at Gate 3, .* IST\.$/);
    await expect(count.textContent()).resolves.toContain('1 of 2 in');
    // B3's old code, re-issued since, is void.
    await door.getByLabel('Ticket code').fill(payloads[1]!);
    await door.getByRole('button', { name: 'Check in' }).click();
    await verdict.filter({ hasText: 'Ticket void' }).waitFor();
    // A door that was offline let B2 in again at Gate 9: once uploaded, the clash is listed.
    const upload = await request(
      'mutation($show: ID!, $scans: [OfflineScanInput!]!) { uploadOfflineCheckIns(showId: $show, scans: $scans) { conflicts { reason } } }',
      { show: showId, scans: [{ qrPayload: payloads[0], gate: 'Gate 9', scannedAt: new Date().toISOString() }] },
      { token: adminToken },
    );
    expect(upload.data!.uploadOfflineCheckIns.conflicts).toEqual([{ reason: 'ALREADY_USED' }]);
    await door.reload();
    await door
      .getByTestId('check-in-conflicts')
      .filter({ hasText: /^Seat B2: let in at Gate 9, .* IST, though already used at Gate 3\.$/ })
      .waitFor();
    const [manifest] = await Promise.all([
      door.waitForEvent('download'),
      door.getByRole('button', { name: 'Download ticket list' }).click(),
    ]);
    const list = JSON.parse(readFileSync(await manifest.path(), 'utf8')) as { usedTicketIds: string[]; signed: string };
    expect(list.usedTicketIds).toHaveLength(1);
    expect(list.signed.split('.')).toHaveLength(3);
    await door.setViewportSize({ width: 390, height: 844 });
    await door.screenshot({ path: `${ARTIFACTS}/door-refused-phone.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 90_000);
});

describe('the app in Hindi', () => {
  it("switches to Hindi from the header, formats amounts in lakhs, and keeps the choice as the user's preference", async () => {
    // A ₹1,00,000 base price: row A is NORMAL at ₹1,00,000, row C PREMIUM at 125%, ₹1,25,000.
    const { screenId } = await createVenueWithScreen(request, adminToken, 'Lakh Hall');
    const eventId = await createEvent(request, adminToken, { durationMinutes: 60 });
    const showId = await scheduleShow(request, adminToken, eventId, screenId, 72, {
      basePrice: { amountMinor: 10_000_000, currency: 'INR' },
    });
    await waitFor(
      async () => !(await request('query($id: ID!) { seatMap(showId: $id) { version } }', { id: showId })).errors,
      20_000,
      100,
    );
    const buyer = await registerUser(request, 'web-hindi');
    const page = await signedIn(buyer, `/shows/${showId}`);
    await live(page);
    const lang = () => page.evaluate(() => document.documentElement.lang);
    await expect(lang()).resolves.toBe('en-IN');
    await expect(seat(page, 'A1').getAttribute('aria-label')).resolves.toBe(
      'Row A seat 1, Normal, ₹1,00,000, available',
    );

    // The header's switcher: the page turns Hindi in place, without a reload.
    await mark(page);
    await page.getByLabel('Language').selectOption('hi');
    await page.waitForFunction(() => document.documentElement.lang === 'hi-IN');
    await expect(stayed(page)).resolves.toBe(true);
    const nav = page.getByRole('navigation', { name: 'मुख्य' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(['ब्राउज़ करें', 'बुकिंग']);
    await page.getByRole('button', { name: 'साइन आउट करें' }).waitFor();

    // The seat map's legend and labels in Hindi, with Indian digit grouping (lakhs).
    const legend = page.locator('.seat-legend');
    await expect(legend.locator('.seat-legend__types li').allTextContents()).resolves.toEqual([
      'प्रीमियम₹1,25,000',
      'नॉर्मल₹1,00,000',
    ]);
    await expect(legend.locator('.seat-legend__states').textContent()).resolves.toContain('उपलब्ध नहीं');
    await expect(legend.locator('ul').first().getAttribute('aria-label')).resolves.toBe('सीट के प्रकार और दाम');
    await expect(seat(page, 'A1').getAttribute('aria-label')).resolves.toBe('पंक्ति A सीट 1, नॉर्मल, ₹1,00,000, उपलब्ध');
    await seat(page, 'C3').click();
    await seat(page, 'C4').click();
    await expect(seat(page, 'C3').getAttribute('aria-label')).resolves.toBe('पंक्ति C सीट 3, प्रीमियम, ₹1,25,000, चुनी गई');
    // Two seats: "2 टिकट" for ₹2,50,000, and the plural button.
    await expect(page.locator('.basket .totals').textContent()).resolves.toBe('2 टिकट₹2,50,000');
    await page.getByRole('button', { name: '2 सीटें होल्ड करें' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/hindi-show.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${ARTIFACTS}/hindi-show-phone.png`, fullPage: true });

    // Signed in, the choice is saved as the user's preference…
    await waitFor(
      async () =>
        (await request('{ me { preferences { language } } }', {}, { token: buyer.accessToken })).data?.me.preferences
          .language === 'hi',
      10_000,
      100,
    );
    // …so another device, whose browser is in English, turns Hindi once the user signs in there.
    const other = await signedIn(buyer, '/bookings');
    await other.waitForFunction(() => document.documentElement.lang === 'hi-IN');
    await other.getByRole('heading', { name: 'आपकी बुकिंग' }).waitFor();
    await other.getByRole('navigation', { name: 'मुख्य' }).getByRole('link', { name: 'ब्राउज़ करें' }).waitFor();
    await other.setViewportSize({ width: 1280, height: 900 });
    await other.screenshot({ path: `${ARTIFACTS}/hindi-bookings.png` });
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
