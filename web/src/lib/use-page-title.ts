import { useEffect } from 'react';

/** Each page names itself in the tab and for screen readers announcing the navigation. */
export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · ShowStream` : 'ShowStream';
  }, [title]);
}
