import { describe, expect, it } from '@jest/globals';
import {
  bookAndPay,
  calendarEvents,
  qrCodesInPdf,
  failNextDeliveries,
  providerRequests,
  receivedEmails,
  registerUser,
  showWithSeats,
  subscribe,
  testCard,
  waitFor,
  waitForBooking,
} from '@showstream/testkit';
import {
  MARK_READ,
  MY_NOTIFICATIONS,
  NOTIFICATION_RECEIVED,
  adminToken,
  bookingConfirmedVariables,
  expectCode,
  notificationRequested,
  publishNotificationEvents,
  request,
  settledDeliveries,
  userWithChannels,
  waitForRecipient,
} from './helpers.ts';

interface LiveNotification {
  notificationReceived: {
    id: string;
    channel: string;
    subject: string;
    body: string;
    status: string;
    readAt: string | null;
    createdAt: string;
  };
}

describe('a confirmed booking', () => {
  it('sends an email with the reference and seats and an in-app notification over the subscription', async () => {
    const admin = await adminToken();
    const user = await registerUser(request, 'booker');
    await waitForRecipient(admin, user.id);
    const live = await subscribe<LiveNotification>(NOTIFICATION_RECEIVED, {}, { token: user.accessToken });
    try {
      const showId = await showWithSeats(request, admin, 48, 'Notify Hall');
      const { booking } = await bookAndPay(request, user.accessToken, showId, ['B3', 'B4'], testCard('success'));
      await waitForBooking(request, user.accessToken, booking.id, 'CONFIRMED');

      const show = (
        await request('query($id: ID!) { show(id: $id) { startsAt endsAt event { title } venue { name } } }', {
          id: showId,
        })
      ).data!.show;
      const tickets = (
        await request(
          'query($id: ID!) { booking(id: $id) { tickets { seatNumber qrPayload } } }',
          { id: booking.id },
          { token: user.accessToken },
        )
      ).data!.booking.tickets as { seatNumber: string; qrPayload: string }[];
      // The venue's local time with its zone (the test venues are in Bengaluru), whatever this machine's zone.
      const showTime = `${new Intl.DateTimeFormat('en-IN', {
        timeZone: 'Asia/Kolkata',
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
      }).format(new Date(show.startsAt))} IST`;

      const message = (
        await live.waitFor((event) => event.notificationReceived.body.includes(booking.reference), 20_000)
      ).notificationReceived;
      expect(message).toMatchObject({
        channel: 'IN_APP',
        status: 'SENT',
        readAt: null,
        subject: `Booking ${booking.reference} confirmed: ${show.event.title}`,
        body: `Booking ${booking.reference} confirmed: ${show.event.title}, ${showTime}, ${show.venue.name}. Seats B3, B4, paid ${new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' }).format(booking.finalAmount.amountMinor / 100)}.`,
      });

      let emails: Awaited<ReturnType<typeof receivedEmails>> = [];
      await waitFor(
        async () =>
          (emails = await receivedEmails(user.email)).some((email) => email.subject.includes(booking.reference)),
        20_000,
        150,
      );
      const email = emails.find((candidate) => candidate.subject.includes(booking.reference))!;
      expect(email.subject).toBe(`Booking ${booking.reference} confirmed: ${show.event.title}`);
      expect(email.text).toContain(`${show.event.title}\n${showTime}\n${show.venue.name}\nSeats: B3, B4\n`);

      // The tickets travel with it: a PDF page per seat whose QR code is the ticket's payload, and a
      // calendar entry written in the venue's zone that starts at the show's instant.
      expect(email.attachments.map((attachment) => attachment.contentType)).toEqual([
        'application/pdf',
        'text/calendar',
      ]);
      const [pdf, ics] = email.attachments;
      expect(qrCodesInPdf(Buffer.from(pdf!.contentBase64, 'base64'))).toEqual(
        tickets.map((ticket) => ticket.qrPayload),
      );
      expect(tickets.map((ticket) => ticket.seatNumber)).toEqual(['B3', 'B4']);
      const [entry, ...others] = calendarEvents(Buffer.from(ics!.contentBase64, 'base64').toString('utf8'));
      expect(others).toEqual([]);
      expect(entry).toMatchObject({ summary: show.event.title, timeZone: 'Asia/Kolkata' });
      // iCalendar times are to the second (the test show starts at whatever millisecond it was scheduled).
      const toTheSecond = (instant: string) => new Date(Math.floor(Date.parse(instant) / 1000) * 1000).toISOString();
      expect(entry!.start.toISOString()).toBe(toTheSecond(show.startsAt));
      expect(entry!.end.toISOString()).toBe(toTheSecond(show.endsAt));
      expect(email.text).toContain(`Hi Test,`);
      expect(email.from).toBe('no-reply@showstream.test');

      // Every channel is recorded: email and in-app sent; SMS and push have no address; WhatsApp needs an opt-in.
      const byChannel = await settledDeliveries(admin, { userId: user.id, kind: 'BOOKING_CONFIRMED' }, 5);
      expect(byChannel.EMAIL).toMatchObject({ status: 'SENT', recipient: user.email, attempts: 1 });
      expect(byChannel.IN_APP).toMatchObject({ id: message.id, status: 'SENT' });
      // Within a second of the request being queued (the worker is woken when the trigger commits).
      expect(Date.parse(byChannel.IN_APP!.sentAt!) - Date.parse(byChannel.IN_APP!.createdAt)).toBeLessThan(1_000);
      expect(byChannel.SMS).toMatchObject({ status: 'SKIPPED', statusReason: expect.stringMatching(/^NO_ADDRESS/) });
      expect(byChannel.PUSH).toMatchObject({ status: 'SKIPPED', statusReason: expect.stringMatching(/^NO_ADDRESS/) });
      expect(byChannel.WHATSAPP).toMatchObject({
        status: 'SKIPPED',
        statusReason: expect.stringMatching(/^OPTED_OUT/),
      });

      // Listed in the inbox; read by its owner only.
      const inbox = (await request(MY_NOTIFICATIONS, {}, { token: user.accessToken })).data!.myNotifications;
      expect(inbox).toMatchObject({
        totalCount: 1,
        unreadCount: 1,
        edges: [{ node: { id: message.id, readAt: null } }],
      });
      const stranger = await registerUser(request, 'stranger');
      expectCode(await request(MARK_READ, { id: message.id }, { token: stranger.accessToken }), 'NOT_FOUND');
      const read = (await request(MARK_READ, { id: message.id }, { token: user.accessToken })).data!
        .markNotificationRead;
      expect(read.readAt).not.toBeNull();
      const again = (await request(MARK_READ, { id: message.id }, { token: user.accessToken })).data!
        .markNotificationRead;
      expect(again.readAt).toBe(read.readAt);
      const unread = (await request(MY_NOTIFICATIONS, { unreadOnly: true }, { token: user.accessToken })).data!
        .myNotifications;
      expect(unread).toMatchObject({ totalCount: 0, unreadCount: 0, edges: [] });
      expectCode(await request(MY_NOTIFICATIONS, {}), 'UNAUTHENTICATED');
    } finally {
      await live.close();
    }
  });
});

describe('NotificationRequested', () => {
  it('skips and records opted-out channels, and a redelivered event queues nothing twice', async () => {
    const admin = await adminToken();
    const user = await userWithChannels(admin, 'opted-out', { inApp: true });
    const event = notificationRequested(user.id, 'BOOKING_CONFIRMED', bookingConfirmedVariables('SS-OPTOUT01'));
    await publishNotificationEvents([event]);
    await publishNotificationEvents([event]);
    const byChannel = await settledDeliveries(admin, { userId: user.id }, 5);
    expect(byChannel.IN_APP).toMatchObject({
      status: 'SENT',
      body: 'Booking SS-OPTOUT01 confirmed: Interstellar, Sat, 5 Dec, 2026, 10:00 am IST, Orion Mall. Seats B3, B4, paid ₹470.80.',
    });
    for (const channel of ['EMAIL', 'SMS', 'PUSH', 'WHATSAPP']) {
      expect(byChannel[channel]).toMatchObject({
        status: 'SKIPPED',
        statusReason: `OPTED_OUT: the user turned off ${channel} notifications.`,
      });
    }
    expect(await receivedEmails(user.email)).toEqual([]);
    // A while later there is still one of each.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await settledDeliveries(admin, { userId: user.id }, 5);
    expect((await request(MY_NOTIFICATIONS, {}, { token: user.accessToken })).data!.myNotifications.totalCount).toBe(1);
  });

  it('sends each user the template of the language they read, and English where there is none', async () => {
    const admin = await adminToken();
    const [hindi, french] = await Promise.all([
      userWithChannels(admin, 'hindi-reader', { inApp: true, email: true }, 'hi-IN'),
      userWithChannels(admin, 'french-reader', { inApp: true }, 'fr'),
    ]);
    await publishNotificationEvents([
      notificationRequested(hindi.id, 'BOOKING_CONFIRMED', bookingConfirmedVariables('SS-HINDI001')),
      notificationRequested(french.id, 'BOOKING_CONFIRMED', bookingConfirmedVariables('SS-FRENCH1')),
    ]);
    const inHindi = await settledDeliveries(admin, { userId: hindi.id }, 5);
    expect(inHindi.IN_APP).toMatchObject({
      status: 'SENT',
      subject: 'बुकिंग SS-HINDI001 कन्फ़र्म: Interstellar',
      // The show's time written in Hindi too, on the venue's clock.
      body: 'बुकिंग SS-HINDI001 कन्फ़र्म: Interstellar, शनि, 5 दिस॰ 2026, 10:00 am IST, Orion Mall। सीटें B3, B4, भुगतान ₹470.80।',
    });
    expect(inHindi.EMAIL).toMatchObject({ status: 'SENT', subject: 'बुकिंग SS-HINDI001 कन्फ़र्म: Interstellar' });
    const [email] = await receivedEmails(hindi.email);
    expect(email!.text).toContain('नमस्ते Test,\n\nआपकी बुकिंग SS-HINDI001 कन्फ़र्म हो गई है।');
    // No French templates: English it is.
    const inFrench = await settledDeliveries(admin, { userId: french.id }, 5);
    expect(inFrench.IN_APP).toMatchObject({
      status: 'SENT',
      body: 'Booking SS-FRENCH1 confirmed: Interstellar, Sat, 5 Dec, 2026, 10:00 am IST, Orion Mall. Seats B3, B4, paid ₹470.80.',
    });
  });

  it('delivers SMS, WhatsApp and push to the providers in their API formats', async () => {
    const admin = await adminToken();
    const user = await userWithChannels(admin, 'all-channels', { sms: true, whatsapp: true, push: true });
    const deviceToken = `fcm-device-${user.id}:APA91b`;
    expect(
      (
        await request(
          'mutation($token: String!) { registerPushDevice(token: $token, platform: ANDROID) }',
          { token: deviceToken },
          { token: user.accessToken },
        )
      ).data,
    ).toEqual({
      registerPushDevice: true,
    });
    await waitForRecipient(admin, user.id, (recipient) => recipient.pushDevices === 1);
    await publishNotificationEvents([
      notificationRequested(user.id, 'PAYMENT_FAILED', {
        reference: 'SS-CHAN0001',
        code: 'DECLINED',
        reason: 'Card declined by the issuer.',
      }),
    ]);
    const byChannel = await settledDeliveries(admin, { userId: user.id }, 5);
    expect(byChannel.SMS).toMatchObject({
      status: 'SENT',
      recipient: user.phone,
      providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/),
    });
    expect(byChannel.WHATSAPP).toMatchObject({ status: 'SENT', providerMessageId: expect.stringMatching(/^wamid\./) });
    expect(byChannel.PUSH).toMatchObject({
      status: 'SENT',
      recipient: deviceToken,
      providerMessageId: expect.stringMatching(/^projects\/showstream-sandbox\/messages\//),
    });

    const text =
      'ShowStream: the payment for booking SS-CHAN0001 failed (Card declined by the issuer.). The seats were released.';
    const [sms] = await providerRequests('sms', user.phone);
    expect(sms).toMatchObject({ outcome: 'accepted', payload: { To: user.phone, From: '+15005550006', Body: text } });
    const [whatsapp] = await providerRequests('whatsapp', user.phone.slice(1));
    expect(whatsapp).toMatchObject({
      outcome: 'accepted',
      payload: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: user.phone.slice(1),
        type: 'text',
        text: { body: text },
      },
    });
    const [push] = await providerRequests('push', deviceToken);
    expect(push!.payload).toEqual({
      message: {
        token: deviceToken,
        notification: {
          title: 'Payment for booking SS-CHAN0001 failed',
          body: 'The payment for booking SS-CHAN0001 failed (Card declined by the issuer.). The seats were released.',
        },
        data: { notificationId: byChannel.PUSH!.id },
      },
    });
  });

  it('retries a provider failure with exponential backoff until it goes through', async () => {
    const admin = await adminToken();
    const user = await userWithChannels(admin, 'retried', { sms: true });
    await failNextDeliveries('sms', user.phone, 2);
    await publishNotificationEvents([notificationRequested(user.id, 'BOOKING_EXPIRED', { reference: 'SS-RETRY001' })]);
    const byChannel = await settledDeliveries(admin, { userId: user.id }, 5);
    expect(byChannel.SMS).toMatchObject({ status: 'SENT', attempts: 3, statusReason: null });
    const attempts = await providerRequests('sms', user.phone);
    expect(attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'failed', 'accepted']);
    // NOTIFICATION_RETRY_BASE_MS is 300 in tests: the waits are at least 300 ms and then 600 ms.
    const at = attempts.map((attempt) => Date.parse(attempt.at));
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(300);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(600);
  });
});
