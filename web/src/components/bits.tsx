import type { CSSProperties, ReactNode } from 'react';
import { useLiveStatus } from '../graphql/api-context.tsx';

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="spinner" role="status">
      <span className="spinner__wheel" aria-hidden="true" />
      <span className="visually-hidden">{label}…</span>
    </div>
  );
}

/** Whether live updates are flowing; `data-live` lets tests wait for the socket before acting. */
export function LiveBadge() {
  const status = useLiveStatus();
  const label = status === 'live' ? 'Live' : status === 'reconnecting' ? 'Reconnecting…' : 'Connecting…';
  return (
    <span
      className={`live-badge live-badge--${status}`}
      data-live={status}
      title={status === 'live' ? 'Seats update as others book' : 'Updates paused until the connection is back'}
    >
      <span className="live-badge__dot" aria-hidden="true" />
      {label}
    </span>
  );
}

export function StatusPill({ status }: { status: string }) {
  return (
    <span className={`pill pill--${status.toLowerCase()}`}>
      {status.charAt(0) + status.slice(1).toLowerCase().replaceAll('_', ' ')}
    </span>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <h2 className="empty__title">{title}</h2>
      {children}
    </div>
  );
}

const POSTER_HUES = [12, 28, 200, 262, 330, 160, 220, 280];

/** The event's poster, or a typographic one when there is none (the demo catalogue has no images). */
export function Poster({
  title,
  url,
  category,
  size = 'card',
}: {
  title: string;
  url: string | null;
  category: string;
  size?: 'card' | 'hero';
}) {
  if (url) return <img className={`poster poster--${size}`} src={url} alt="" loading="lazy" />;
  const hue = POSTER_HUES[Array.from(title).reduce((sum, char) => sum + char.charCodeAt(0), 0) % POSTER_HUES.length];
  return (
    <div
      className={`poster poster--${size} poster--generated`}
      style={{ '--poster-hue': hue } as CSSProperties}
      aria-hidden="true"
    >
      <span className="poster__category">{category.toLowerCase()}</span>
      <span className="poster__title">{title}</span>
    </div>
  );
}
