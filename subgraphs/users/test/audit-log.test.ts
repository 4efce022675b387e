import { describe, expect, it } from '@jest/globals';
import { print } from 'graphql';
import { AdminAuditLogDocument } from '@showstream/client-ops';
import {
  SUPERADMIN,
  createVenueWithScreen,
  errorCode,
  graphqlClient,
  loginAs,
  registerUser,
  testEnvironment,
  uniqueEmail,
  waitFor,
} from '@showstream/testkit';

const request = graphqlClient(testEnvironment().routerUrl);
const AUDIT_LOG = print(AdminAuditLogDocument);

interface Entry {
  actor: { id: string; email: string } | null;
  actorRole: string | null;
  action: string;
  outcome: string;
  targetType: string;
  targetId: string;
  details: { arguments?: Record<string, unknown>; errorCodes?: string[]; from?: string; to?: string };
}

async function entriesBy(adminToken: string, actorId: string, action?: string): Promise<Entry[]> {
  const response = await request(AUDIT_LOG, { first: 50, actorId, action }, { token: adminToken });
  expect(response.errors).toBeUndefined();
  return response.data!.auditLog.edges.map((edge: { node: Entry }) => edge.node);
}

/**
 * Audit entries travel through the outbox and Kafka to the users subgraph: wait for the one `matching`
 * (other suites' admins act at the same time, so the newest entry of an action may be theirs).
 */
async function waitForEntry(
  adminToken: string,
  actorId: string,
  action: string,
  matching: (entry: Entry) => boolean = () => true,
): Promise<Entry> {
  let found: Entry | undefined;
  await waitFor(
    async () => (found = (await entriesBy(adminToken, actorId, action)).find(matching)) !== undefined,
    20_000,
    200,
  );
  return found!;
}

describe('the audit log of admin actions', () => {
  it('records an admin action in another subgraph with who, what, the target and the outcome', async () => {
    const admin = await loginAs(request, SUPERADMIN.email, SUPERADMIN.password);
    const venue = await createVenueWithScreen(request, admin.accessToken, 'audited');

    const created = await waitForEntry(
      admin.accessToken,
      admin.id,
      'catalog.createVenue',
      (entry) => (entry.details.arguments?.input as { city?: string })?.city === venue.city,
    );
    expect(created).toMatchObject({
      actor: { id: admin.id, email: SUPERADMIN.email },
      actorRole: 'SUPER_ADMIN',
      outcome: 'SUCCEEDED',
      targetType: 'Venue',
    });
    const screen = await waitForEntry(
      admin.accessToken,
      admin.id,
      'catalog.',
      (entry) => entry.action === 'catalog.addScreen' && entry.targetId === venue.venueId,
    );
    expect(screen).toMatchObject({ outcome: 'SUCCEEDED', targetType: 'Screen' });
  });

  it('records a failed admin action with its error code', async () => {
    const admin = await loginAs(request, SUPERADMIN.email, SUPERADMIN.password);
    const missing = '00000000-0000-4000-8000-000000000000';
    const response = await request(
      'mutation($id: ID!) { cancelShow(id: $id, reason: "Audit check") { id } }',
      { id: missing },
      { token: admin.accessToken },
    );
    expect(errorCode(response)).toBe('NOT_FOUND');

    const failed = await waitForEntry(
      admin.accessToken,
      admin.id,
      'catalog.cancelShow',
      (entry) => entry.targetId === missing,
    );
    expect(failed).toMatchObject({ outcome: 'FAILED', details: { errorCodes: ['NOT_FOUND'] } });
  });

  it('records an ordinary user reaching for an admin action as DENIED, and keeps the log from them', async () => {
    const admin = await loginAs(request, SUPERADMIN.email, SUPERADMIN.password);
    const user = await registerUser(request, 'intruder');
    const response = await request(
      'mutation { createVenue(input: { name: "Mine now", city: "Pune", timeZone: "Asia/Kolkata" }) { id } }',
      {},
      { token: user.accessToken },
    );
    expect(errorCode(response)).toBe('FORBIDDEN');

    const denied = await waitForEntry(admin.accessToken, user.id, 'catalog.createVenue');
    expect(denied).toMatchObject({
      actor: { id: user.id },
      actorRole: 'USER',
      outcome: 'DENIED',
      details: { errorCodes: ['FORBIDDEN'] },
    });
    expect(errorCode(await request(AUDIT_LOG, {}, { token: user.accessToken }))).toBe('FORBIDDEN');
  });

  it('writes one entry per role change, with the role before and after, and redacts secrets in arguments', async () => {
    const admin = await loginAs(request, SUPERADMIN.email, SUPERADMIN.password);
    const user = await registerUser(request, 'promoted');
    const promoted = await request(
      'mutation($id: ID!) { setUserRole(userId: $id, role: ADMIN) { role } }',
      { id: user.id },
      { token: admin.accessToken },
    );
    expect(promoted.errors).toBeUndefined();
    const change = await waitForEntry(
      admin.accessToken,
      admin.id,
      'user.role.changed',
      (entry) => entry.targetId === user.id,
    );
    expect(change).toMatchObject({ targetType: 'User', targetId: user.id, details: { from: 'USER', to: 'ADMIN' } });

    // An admin registering an account on someone's behalf: the password never reaches the log.
    const email = uniqueEmail('on-behalf');
    const registered = await request(
      'mutation($input: RegisterInput!) { register(input: $input) { user { id } } }',
      {
        input: { email, password: 'Secret-passw0rd', firstName: 'On', lastName: 'Behalf' },
      },
      { token: admin.accessToken },
    );
    expect(registered.errors).toBeUndefined();
    const registration = await waitForEntry(
      admin.accessToken,
      admin.id,
      'users.register',
      (entry) => (entry.details.arguments?.input as { email?: string })?.email === email,
    );
    expect(JSON.stringify(registration.details)).not.toContain('Secret-passw0rd');
    expect(registration.details.arguments).toMatchObject({ input: { password: '[redacted]' } });

    // setUserRole writes its own entry in its transaction; the generic audit does not add a second.
    const all = await entriesBy(admin.accessToken, admin.id, 'users.setUserRole');
    expect(all).toEqual([]);
  });
});
