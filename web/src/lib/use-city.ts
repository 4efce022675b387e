import { useState } from 'react';

const KEY = 'showstream.city';

/** The city the person browses, remembered between visits ('' for all cities). */
export function useCity(initial?: string | null): [string, (city: string) => void] {
  const [city, setCity] = useState(() => initial ?? localStorage.getItem(KEY) ?? '');
  return [
    city,
    (next: string) => {
      localStorage.setItem(KEY, next);
      setCity(next);
    },
  ];
}
