import { describe, expect, it } from '@jest/globals';
import {
  INVALID_PHONE_NUMBER,
  SMTP_BOUNCE_DOMAIN,
  errorCode,
  receivedEmails,
  registerUser,
  waitFor,
} from '@showstream/testkit';
import {
  CREATE_TEMPLATE,
  MY_NOTIFICATIONS,
  SEND,
  SEND_BULK,
  UPDATE_TEMPLATE,
  adminToken,
  deliveries,
  expectCode,
  request,
  settledDeliveries,
  uniqueKind,
  waitForRecipient,
} from './helpers.ts';

/** A kind of the test's own with an email and an in-app template using {{firstName}} and {{code}}. */
async function promotionKind(admin: string): Promise<string> {
  const kind = uniqueKind('PROMO');
  const slug = kind.toLowerCase().replaceAll('_', '-');
  for (const [channel, subject] of [
    ['EMAIL', 'A treat for you, {{firstName}}'],
    ['IN_APP', 'A treat for you'],
    ['SMS', null],
  ] as const) {
    const created = await request(
      CREATE_TEMPLATE,
      {
        input: {
          name: `${slug}.${channel.toLowerCase()}`,
          kind,
          channel,
          subject,
          content: 'Use {{code}} for 20% off.',
        },
      },
      { token: admin },
    );
    expect(created.errors).toBeUndefined();
  }
  return kind;
}

describe('templates', () => {
  it('lets admins create, list and change templates; the variables follow the text', async () => {
    const admin = await adminToken();
    const kind = uniqueKind('WELCOME');
    const created = (
      await request(
        CREATE_TEMPLATE,
        {
          input: {
            name: `${kind.toLowerCase()}.email`,
            kind,
            channel: 'EMAIL',
            subject: 'Welcome {{firstName}}',
            content: 'Your code: {{code}}',
          },
        },
        { token: admin },
      )
    ).data!.createNotificationTemplate;
    expect(created).toMatchObject({ kind, channel: 'EMAIL', variables: ['code', 'firstName'], isActive: true });
    const updated = (
      await request(
        UPDATE_TEMPLATE,
        { id: created.id, input: { content: 'Hello from {{city}}: {{code}}' } },
        { token: admin },
      )
    ).data!.updateNotificationTemplate;
    expect(updated.variables).toEqual(['city', 'code', 'firstName']);
    // A second active template for the kind and channel replaces the first.
    const replacement = (
      await request(
        CREATE_TEMPLATE,
        { input: { name: `${kind.toLowerCase()}.email.v2`, kind, channel: 'EMAIL', subject: 'Hi', content: 'v2' } },
        { token: admin },
      )
    ).data!.createNotificationTemplate;
    const listed = (
      await request(
        'query($kind: String) { notificationTemplates(kind: $kind) { id isActive } }',
        { kind },
        { token: admin },
      )
    ).data!.notificationTemplates;
    expect(listed).toEqual(
      expect.arrayContaining([
        { id: created.id, isActive: false },
        { id: replacement.id, isActive: true },
      ]),
    );
    const defaults = (
      await request(
        'query { notificationTemplates(kind: "BOOKING_CONFIRMED") { channel language isActive } }',
        {},
        { token: admin },
      )
    ).data!.notificationTemplates;
    // One per channel in English, and the same in Hindi.
    expect(
      defaults
        .map((template: { channel: string; language: string }) => `${template.channel} ${template.language}`)
        .sort(),
    ).toEqual([
      'EMAIL en',
      'EMAIL hi',
      'IN_APP en',
      'IN_APP hi',
      'PUSH en',
      'PUSH hi',
      'SMS en',
      'SMS hi',
      'WHATSAPP en',
      'WHATSAPP hi',
    ]);
  });

  it('refuses unknown variables, bad syntax and subjects where there are none, naming the field', async () => {
    const admin = await adminToken();
    const input = (overrides: Record<string, unknown>) => ({
      input: {
        name: `bad-${Date.now()}`,
        kind: 'BOOKING_CONFIRMED',
        channel: 'EMAIL',
        subject: 'Booking {{reference}}',
        content: 'ok',
        ...overrides,
      },
    });
    const unknown = await request(CREATE_TEMPLATE, input({ content: 'Your code {{bookingCode}}' }), { token: admin });
    expectCode(unknown, 'BAD_USER_INPUT', 'input.content');
    expect(unknown.errors![0]!.message).toContain('Unknown variable "bookingCode"');
    expectCode(
      await request(CREATE_TEMPLATE, input({ subject: 'Booking {{ref}}' }), { token: admin }),
      'BAD_USER_INPUT',
      'input.subject',
    );
    expectCode(
      await request(CREATE_TEMPLATE, input({ content: '{{#if reference}}open' }), { token: admin }),
      'BAD_USER_INPUT',
      'input.content',
    );
    expectCode(
      await request(CREATE_TEMPLATE, input({ content: '{{shout reference}}' }), { token: admin }),
      'BAD_USER_INPUT',
      'input.content',
    );
    expectCode(
      await request(CREATE_TEMPLATE, input({ channel: 'SMS' }), { token: admin }),
      'BAD_USER_INPUT',
      'input.subject',
    );
    expectCode(
      await request(CREATE_TEMPLATE, input({ kind: 'lower case' }), { token: admin }),
      'BAD_USER_INPUT',
      'input.kind',
    );
  });
});

describe('sendNotification', () => {
  it('sends a user the kind on every channel with the given variables', async () => {
    const admin = await adminToken();
    const kind = await promotionKind(admin);
    const user = await registerUser(request, 'promo');
    await waitForRecipient(admin, user.id);
    const sent = await request(
      SEND,
      { input: { userId: user.id, kind, variables: [{ name: 'code', value: 'SHOW20' }] } },
      { token: admin },
    );
    expect(sent.data).toEqual({ sendNotification: true });
    const byChannel = await settledDeliveries(admin, { userId: user.id, kind }, 3);
    expect(byChannel.EMAIL).toMatchObject({
      status: 'SENT',
      subject: 'A treat for you, Test',
      body: 'Use SHOW20 for 20% off.',
    });
    expect(byChannel.SMS).toMatchObject({ status: 'SKIPPED', statusReason: expect.stringMatching(/^NO_ADDRESS/) });
    expect(byChannel.IN_APP).toMatchObject({ status: 'SENT' });
    await waitFor(
      async () => (await receivedEmails(user.email)).some((email) => email.text.includes('SHOW20')),
      10_000,
      150,
    );
  });

  it('refuses unknown and missing variables, unknown kinds and invalid recipients with the field named', async () => {
    const admin = await adminToken();
    const kind = await promotionKind(admin);
    const user = await registerUser(request, 'bad-send');
    await waitForRecipient(admin, user.id);
    const send = (input: Record<string, unknown>) =>
      request(
        SEND,
        { input: { userId: user.id, kind, variables: [{ name: 'code', value: 'X' }], ...input } },
        { token: admin },
      );
    const unknown = await send({
      variables: [
        { name: 'code', value: 'X' },
        { name: 'discount', value: '20' },
      ],
    });
    expectCode(unknown, 'BAD_USER_INPUT', 'input.variables');
    expect(unknown.errors![0]!.message).toContain('Unknown variable "discount"');
    expectCode(await send({ variables: [] }), 'BAD_USER_INPUT', 'input.variables');
    expectCode(await send({ kind: 'NO_SUCH_KIND' }), 'BAD_USER_INPUT', 'input.kind');
    expectCode(await send({ channels: ['PUSH'] }), 'BAD_USER_INPUT', 'input.channels');
    expectCode(
      await send({ userId: undefined, recipient: { email: 'not-an-email' } }),
      'BAD_USER_INPUT',
      'input.recipient.email',
    );
    expectCode(
      await send({ userId: undefined, recipient: { phone: '98765' } }),
      'BAD_USER_INPUT',
      'input.recipient.phone',
    );
    expectCode(
      await send({ userId: undefined, recipient: { email: 'a@example.test' }, channels: ['IN_APP'] }),
      'BAD_USER_INPUT',
      'input.channels',
    );
    expectCode(await send({ userId: '00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND');
    expect(await deliveries(admin, { userId: user.id, kind })).toEqual([]);
  });

  it('fails a recipient the provider refuses for good, and the queue keeps going', async () => {
    const admin = await adminToken();
    const kind = await promotionKind(admin);
    const bounced = `nobody-${Date.now()}@${SMTP_BOUNCE_DOMAIN}`;
    const good = `+9198${String(Date.now()).slice(-8)}`;
    const variables = [{ name: 'code', value: 'Q1' }];
    for (const recipient of [{ phone: INVALID_PHONE_NUMBER }, { email: bounced }, { phone: good }]) {
      // Without channels, an email address gets the kind's email template only.
      const channels = recipient.phone ? { channels: ['SMS'] } : {};
      expect(
        (await request(SEND, { input: { recipient, kind, variables, ...channels } }, { token: admin })).data,
      ).toEqual({ sendNotification: true });
    }
    const [invalid] = Object.values(await settledDeliveries(admin, { recipient: INVALID_PHONE_NUMBER, kind }, 1));
    expect(invalid).toMatchObject({ status: 'FAILED', attempts: 1, statusReason: expect.stringContaining('21211') });
    const [bounce] = Object.values(await settledDeliveries(admin, { recipient: bounced, kind }, 1));
    expect(bounce).toMatchObject({ status: 'FAILED', attempts: 1, statusReason: expect.stringContaining('550') });
    const [delivered] = Object.values(await settledDeliveries(admin, { recipient: good, kind }, 1));
    expect(delivered).toMatchObject({ status: 'SENT', body: 'Use Q1 for 20% off.' });
  });
});

describe('sendBulkNotifications', () => {
  it('answers with the recipient count at once and delivers through the queue', async () => {
    const admin = await adminToken();
    const kind = await promotionKind(admin);
    const users = await Promise.all([1, 2, 3].map((n) => registerUser(request, `bulk${n}`)));
    for (const user of users) await waitForRecipient(admin, user.id);
    const unknownUser = '00000000-0000-4000-8000-000000000001';
    const started = Date.now();
    const bulk = await request(
      SEND_BULK,
      {
        input: {
          userIds: [...users.map((user) => user.id), unknownUser],
          kind,
          channels: ['EMAIL', 'IN_APP'],
          variables: [{ name: 'code', value: 'BULK5' }],
        },
      },
      { token: admin },
    );
    expect(bulk.data).toEqual({ sendBulkNotifications: 3 });
    expect(Date.now() - started).toBeLessThan(2_000);
    for (const user of users) {
      const byChannel = await settledDeliveries(admin, { userId: user.id, kind }, 2);
      expect(byChannel.EMAIL!.status).toBe('SENT');
      const inbox = (await request(MY_NOTIFICATIONS, {}, { token: user.accessToken })).data!.myNotifications;
      expect(inbox.edges[0].node).toMatchObject({
        channel: 'IN_APP',
        subject: 'A treat for you',
        body: 'Use BULK5 for 20% off.',
      });
    }
    expectCode(
      await request(SEND_BULK, { input: { kind, variables: [{ name: 'code', value: 'X' }] } }, { token: admin }),
      'BAD_USER_INPUT',
      'input.userIds',
    );
  });
});

describe('permissions', () => {
  it('keeps templates, sends and the delivery log for admins', async () => {
    const user = await registerUser(request, 'not-admin');
    const token = user.accessToken;
    const input = { kind: 'BOOKING_EXPIRED', variables: [{ name: 'reference', value: 'X' }] };
    expect(errorCode(await request(SEND, { input: { ...input, userId: user.id } }, { token }))).toBe('FORBIDDEN');
    expect(errorCode(await request(SEND_BULK, { input: { ...input, allUsers: true } }, { token }))).toBe('FORBIDDEN');
    expect(
      errorCode(
        await request(
          CREATE_TEMPLATE,
          { input: { name: 'x.email', kind: 'X_KIND', channel: 'EMAIL', subject: 's', content: 'c' } },
          { token },
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(errorCode(await request('query { notificationTemplates { id } }', {}, { token }))).toBe('FORBIDDEN');
    expect(errorCode(await request('query { notificationDeliveries { totalCount } }', {}, { token }))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await request(SEND, { input: { ...input, userId: user.id } }))).toBe('UNAUTHENTICATED');
  });
});
