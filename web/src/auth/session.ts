import { useSyncExternalStore } from 'react';
import { stringifyDocument } from 'urql';
import {
  LogoutDocument,
  RefreshSessionDocument,
  type RefreshSessionMutation,
  type SessionFragment,
} from '@showstream/client-ops';

/**
 * The signed-in session: the access token (15 minutes) and the rotating refresh token, kept in
 * localStorage so a reload or a second tab stays signed in. Every request asks `accessToken()`,
 * which refreshes shortly before expiry; one refresh runs at a time, and a rotation made by
 * another tab is adopted (through the `storage` event) rather than repeated — presenting a spent
 * refresh token after the server's grace period would revoke the whole token family.
 */
export type Session = SessionFragment;

const STORAGE_KEY = 'showstream.session';
/** Refresh this long before the access token runs out, so no request carries a token about to expire. */
const REFRESH_AHEAD_MS = 60_000;

export const GRAPHQL_PATH = '/graphql';

const listeners = new Set<() => void>();
const rotationListeners = new Set<() => void>();
let current: Session | null = read();
let refreshing: Promise<Session | null> | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

function read(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function publish(next: Session | null, { persist = true, rotated = false } = {}): void {
  const sameUser = current?.user.id === next?.user.id;
  current = next;
  if (persist) {
    if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else localStorage.removeItem(STORAGE_KEY);
  }
  scheduleRefresh();
  listeners.forEach((listener) => listener());
  if (rotated && sameUser && next) rotationListeners.forEach((listener) => listener());
}

window.addEventListener('storage', (event) => {
  if (event.key === STORAGE_KEY) publish(read(), { persist: false, rotated: true });
});

/** Keeps the session fresh while the app is open, so live subscriptions can move to the new token in time. */
function scheduleRefresh(): void {
  clearTimeout(refreshTimer);
  if (!current) return;
  const due = Date.parse(current.accessTokenExpiresAt) - REFRESH_AHEAD_MS - Date.now();
  refreshTimer = setTimeout(() => void refresh(), Math.max(due, 1_000));
}
scheduleRefresh();

export function setSession(session: Session): void {
  publish(session);
}

export function getSession(): Session | null {
  return current;
}

/** Sign out here and tell the server to revoke the refresh token (best effort: the local session ends either way). */
export async function signOut(): Promise<void> {
  const refreshToken = current?.refreshToken;
  publish(null);
  if (refreshToken) await post(stringifyDocument(LogoutDocument), { refreshToken }).catch(() => undefined);
}

/** A valid access token, refreshed first when it is about to expire; null when signed out. */
export async function accessToken(): Promise<string | null> {
  if (!current) return null;
  if (Date.parse(current.accessTokenExpiresAt) - Date.now() > REFRESH_AHEAD_MS / 2) return current.accessToken;
  return (await refresh())?.accessToken ?? null;
}

/** Rotates the refresh token; a refused one (expired, revoked, reused) ends the session. */
export function refresh(): Promise<Session | null> {
  refreshing ??= (async () => {
    const before = current;
    if (!before) return null;
    try {
      const result = (await post(stringifyDocument(RefreshSessionDocument), { refreshToken: before.refreshToken })) as {
        data?: RefreshSessionMutation;
        errors?: { extensions?: { code?: string } }[];
      };
      // Another tab may have rotated meanwhile; its session wins over our refusal.
      const latest = read();
      if (result.data) publish(result.data.refreshToken, { rotated: true });
      else if (latest && latest.refreshToken !== before.refreshToken)
        publish(latest, { persist: false, rotated: true });
      else if (result.errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED')) publish(null);
      return current;
    } catch {
      // Offline or the server is restarting: keep the session and try again shortly.
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void refresh(), 10_000);
      return current;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function post(query: string, variables: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(GRAPHQL_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

/** Called after a refresh rotated the same user's tokens (here or in another tab). */
export function onTokenRotated(listener: () => void): () => void {
  rotationListeners.add(listener);
  return () => rotationListeners.delete(listener);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, getSession);
}

export const isAdmin = (session: Session | null) =>
  session?.user.role === 'ADMIN' || session?.user.role === 'SUPER_ADMIN';
