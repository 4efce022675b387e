import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import type { EventEnvelope } from '@showstream/contracts';
import { createEnvelope } from '@showstream/platform';
import {
  SUPERADMIN,
  errorCode,
  graphqlClient,
  loginAs,
  publishEvents,
  registerUser,
  testEnvironment,
  waitFor,
  type GraphQLResponse,
  type TestUser,
} from '@showstream/testkit';

export const request = graphqlClient(testEnvironment().routerUrl);

export async function adminToken(): Promise<string> {
  return (await loginAs(request, SUPERADMIN.email, SUPERADMIN.password)).accessToken;
}

export const expectCode = (response: GraphQLResponse, code: string, field?: string) => {
  expect(errorCode(response)).toBe(code);
  if (field) expect(response.errors![0]!.extensions!.field).toBe(field);
};

export const NOTIFICATION_FIELDS = 'id channel subject body status readAt createdAt';
export const MY_NOTIFICATIONS = `query($unreadOnly: Boolean, $first: Int, $after: String) {
  myNotifications(unreadOnly: $unreadOnly, first: $first, after: $after) { totalCount unreadCount pageInfo { hasNextPage endCursor } edges { cursor node { ${NOTIFICATION_FIELDS} } } } }`;
export const MARK_READ = `mutation($id: ID!) { markNotificationRead(id: $id) { ${NOTIFICATION_FIELDS} } }`;
export const NOTIFICATION_RECEIVED = `subscription { notificationReceived { ${NOTIFICATION_FIELDS} } }`;
export const SEND = 'mutation($input: SendNotificationInput!) { sendNotification(input: $input) }';
export const SEND_BULK = 'mutation($input: BulkNotificationInput!) { sendBulkNotifications(input: $input) }';
export const CREATE_TEMPLATE =
  'mutation($input: NotificationTemplateInput!) { createNotificationTemplate(input: $input) { id name kind channel subject content variables isActive } }';
export const UPDATE_TEMPLATE =
  'mutation($id: ID!, $input: NotificationTemplateUpdateInput!) { updateNotificationTemplate(id: $id, input: $input) { id subject content variables isActive } }';

export interface TestDelivery {
  id: string;
  userId: string | null;
  kind: string;
  channel: string;
  recipient: string | null;
  subject: string | null;
  body: string | null;
  status: string;
  statusReason: string | null;
  attempts: number;
  sentAt: string | null;
  providerMessageId: string | null;
  createdAt: string;
}

const DELIVERIES = `query($userId: ID, $recipient: String, $kind: String) { notificationDeliveries(userId: $userId, recipient: $recipient, kind: $kind, first: 100) {
  totalCount edges { node { id userId kind channel recipient subject body status statusReason attempts sentAt providerMessageId createdAt } } } }`;

/** The delivery log for a user or an address (optionally one kind), newest first. */
export async function deliveries(
  token: string,
  filter: { userId?: string; recipient?: string; kind?: string },
): Promise<TestDelivery[]> {
  const response = await request(DELIVERIES, filter, { token });
  if (response.errors) throw new Error(`notificationDeliveries: ${JSON.stringify(response.errors)}`);
  return response.data!.notificationDeliveries.edges.map((edge: { node: TestDelivery }) => edge.node);
}

const SETTLED = ['SENT', 'FAILED', 'SKIPPED'];

/** Waits until the deliveries matching `filter` are `count` and all settled (sent, failed or skipped); returns them by channel. */
export async function settledDeliveries(
  token: string,
  filter: { userId?: string; recipient?: string; kind?: string },
  count: number,
  timeoutMs = 20_000,
): Promise<Record<string, TestDelivery>> {
  let rows: TestDelivery[] = [];
  await waitFor(
    async () => {
      rows = await deliveries(token, filter);
      return rows.length >= count && rows.every((row) => SETTLED.includes(row.status));
    },
    timeoutMs,
    150,
  ).catch((error: Error) => {
    throw new Error(`${error.message}: deliveries ${JSON.stringify(rows)}`);
  });
  expect(rows).toHaveLength(count);
  return Object.fromEntries(rows.map((row) => [row.channel, row]));
}

/** Waits until the notification service's contacts projection shows the user as `check` wants. */
export async function waitForRecipient(
  token: string,
  userId: string,
  check: (recipient: { phone: string | null; optedIn: string[]; pushDevices: number }) => boolean = () => true,
) {
  await waitFor(
    async () => {
      const recipient = (
        await request(
          'query($id: ID!) { notificationRecipient(userId: $id) { phone optedIn pushDevices } }',
          { id: userId },
          { token },
        )
      ).data?.notificationRecipient;
      return Boolean(recipient && check(recipient));
    },
    20_000,
    150,
  );
}

/** A fresh user with a phone number of their own, opted in to the given channels (and out of the rest). */
export async function userWithChannels(
  admin: string,
  label: string,
  channels: { email?: boolean; sms?: boolean; push?: boolean; whatsapp?: boolean; inApp?: boolean },
  language?: string,
): Promise<TestUser & { phone: string }> {
  const user = await registerUser(request, label);
  const phone = `+9199${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const profile = await request(
    'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }',
    { input: { phone } },
    { token: user.accessToken },
  );
  if (profile.errors) throw new Error(`updateProfile: ${JSON.stringify(profile.errors)}`);
  const notifications = { email: false, sms: false, push: false, whatsapp: false, inApp: false, ...channels };
  const preferences = await request(
    'mutation($input: PreferencesInput!) { updatePreferences(input: $input) { id } }',
    { input: { notifications, ...(language ? { language } : {}) } },
    { token: user.accessToken },
  );
  if (preferences.errors) throw new Error(`updatePreferences: ${JSON.stringify(preferences.errors)}`);
  const expected = Object.entries({
    EMAIL: notifications.email,
    SMS: notifications.sms,
    PUSH: notifications.push,
    WHATSAPP: notifications.whatsapp,
    IN_APP: notifications.inApp,
  });
  await waitForRecipient(
    admin,
    user.id,
    (recipient) =>
      recipient.phone === phone && expected.every(([channel, on]) => recipient.optedIn.includes(channel) === on),
  );
  return { ...user, phone };
}

/** Booking's NotificationRequested, as its outbox publishes it on `notification-events`. */
export function notificationRequested(userId: string, kind: string, variables: Record<string, unknown>): EventEnvelope {
  return createEnvelope('booking', {
    type: 'NotificationRequested',
    key: userId,
    data: { userId, kind, bookingId: randomUUID(), variables },
  });
}

export const publishNotificationEvents = (envelopes: EventEnvelope[]) =>
  publishEvents('notification-events', envelopes);

export const bookingConfirmedVariables = (reference: string) => ({
  reference,
  seats: ['B3', 'B4'],
  amount: { amountMinor: 47_080, currency: 'INR' },
  eventTitle: 'Interstellar',
  venueName: 'Orion Mall',
  venueAddress: 'Rajajinagar, Bengaluru',
  showTime: 'Sat, 5 Dec, 2026, 10:00 am IST',
  startsAt: '2026-12-05T04:30:00.000Z',
  endsAt: '2026-12-05T07:19:00.000Z',
  timeZone: 'Asia/Kolkata',
  tickets: [],
});

/** A kind of this test run's own, so suites never share templates. */
export const uniqueKind = (label: string) => `${label}_${randomUUID().slice(0, 8).toUpperCase()}`;
