import { useCallback, useEffect, useReducer } from 'react';
import { useClient, type CombinedError } from 'urql';
import { SeatMapChangedDocument, SeatMapDocument, type SeatCellFragment } from '@showstream/client-ops';
import { useOnReconnect } from './api-context.tsx';

interface Change {
  version: number;
  seats: SeatCellFragment[];
}

interface State {
  /** Null until the first snapshot arrives. */
  seats: ReadonlyMap<string, SeatCellFragment> | null;
  version: number;
  /** Changes that arrived before the snapshot they follow. */
  early: Change[];
  error: CombinedError | null;
  /** Bumps on every applied change, so seats that changed under a selection can be noticed. */
  lastChange: Change | null;
}

type Action =
  | { type: 'snapshot'; version: number; seats: SeatCellFragment[] }
  | { type: 'change'; change: Change }
  | { type: 'error'; error: CombinedError };

function apply(seats: ReadonlyMap<string, SeatCellFragment>, change: Change): Map<string, SeatCellFragment> {
  const next = new Map(seats);
  for (const seat of change.seats) next.set(seat.number, seat);
  return next;
}

/**
 * Seat versions order everything: a change at or below the version we hold is old news, a
 * snapshot replaces what we have only if it is newer, and changes that beat the first snapshot
 * are applied on top of it when they are newer than it.
 */
function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'snapshot': {
      if (state.seats && action.version <= state.version) return state;
      let seats: ReadonlyMap<string, SeatCellFragment> = new Map(action.seats.map((seat) => [seat.number, seat]));
      let version = action.version;
      for (const change of [...state.early].sort((a, b) => a.version - b.version)) {
        if (change.version > version) [seats, version] = [apply(seats, change), change.version];
      }
      return { ...state, seats, version, early: [], error: null };
    }
    case 'change':
      if (!state.seats) return { ...state, early: [...state.early, action.change] };
      if (action.change.version <= state.version) return state;
      return {
        ...state,
        seats: apply(state.seats, action.change),
        version: action.change.version,
        lastChange: action.change,
      };
    case 'error':
      return { ...state, error: action.error };
  }
}

/** A show's seats, kept current by `seatMapChanged`; reloaded whenever the live socket comes back. */
export function useLiveSeatMap(showId: string) {
  const client = useClient();
  const [state, dispatch] = useReducer(reducer, { seats: null, version: -1, early: [], error: null, lastChange: null });

  const reload = useCallback(() => {
    void client
      .query(SeatMapDocument, { showId }, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (result.data)
          dispatch({ type: 'snapshot', version: result.data.seatMap.version, seats: result.data.seatMap.seats });
        else if (result.error) dispatch({ type: 'error', error: result.error });
      });
  }, [client, showId]);

  useEffect(() => {
    // Subscribe first, then read the snapshot: nothing published in between is lost.
    const subscription = client.subscription(SeatMapChangedDocument, { showId }).subscribe((result) => {
      if (result.data) dispatch({ type: 'change', change: result.data.seatMapChanged });
      else if (result.error) dispatch({ type: 'error', error: result.error });
    });
    reload();
    return () => subscription.unsubscribe();
  }, [client, showId, reload]);

  useOnReconnect(reload);
  return { seats: state.seats, error: state.error, lastChange: state.lastChange, reload };
}
