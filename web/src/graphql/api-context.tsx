import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Provider } from 'urql';
import { useSession } from '../auth/session.ts';
import { Api, type LiveStatus } from './client.ts';

const ApiContext = createContext<Api | null>(null);

/**
 * A fresh client for every identity: signing in or out drops the cache and reconnects the socket
 * as the new viewer. Also after the router ended the socket for an expired token: every live
 * query subscribes again, with a refreshed token.
 */
export function ApiProvider({ children }: { children: ReactNode }) {
  const userId = useSession()?.user.id;
  const [generation, setGeneration] = useState(0);
  const api = useMemo(() => new Api(() => setGeneration((current) => current + 1)), [userId, generation]);
  useEffect(() => () => api.dispose(), [api]);
  return (
    <ApiContext value={api}>
      <Provider value={api.client}>{children}</Provider>
    </ApiContext>
  );
}

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an ApiProvider');
  return api;
}

export function useLiveStatus(): LiveStatus {
  const api = useApi();
  return useSyncExternalStore(api.subscribeStatus, () => api.status);
}

/** Runs `listener` whenever the live socket reconnects after a drop. */
export function useOnReconnect(listener: () => void): void {
  const api = useApi();
  useEffect(() => api.onReconnect(listener), [api, listener]);
}
