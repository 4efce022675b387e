import type { CSSProperties, ReactNode } from 'react';
import { useLiveStatus } from '../graphql/api-context.tsx';
import { useI18n } from '../i18n/index.ts';
import { humanize } from '../lib/format.ts';

export function Spinner({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="spinner" role="status">
      <span className="spinner__wheel" aria-hidden="true" />
      <span className="visually-hidden">{label ?? t('common.loading')}…</span>
    </div>
  );
}

/** Whether live updates are flowing; `data-live` lets tests wait for the socket before acting. */
export function LiveBadge() {
  const status = useLiveStatus();
  const { t } = useI18n();
  const label =
    status === 'live'
      ? t('common.live')
      : status === 'reconnecting'
        ? t('common.reconnecting')
        : t('common.connecting');
  return (
    <span
      className={`live-badge live-badge--${status}`}
      data-live={status}
      title={status === 'live' ? t('common.liveTitle') : t('common.pausedTitle')}
    >
      <span className="live-badge__dot" aria-hidden="true" />
      {label}
    </span>
  );
}

export function StatusPill({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <span className={`pill pill--${status.toLowerCase()}`}>
      {t(`status.${status}`, { defaultValue: humanize(status) })}
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
  const { t } = useI18n();
  if (url) return <img className={`poster poster--${size}`} src={url} alt="" loading="lazy" />;
  const hue = POSTER_HUES[Array.from(title).reduce((sum, char) => sum + char.charCodeAt(0), 0) % POSTER_HUES.length];
  return (
    <div
      className={`poster poster--${size} poster--generated`}
      style={{ '--poster-hue': hue } as CSSProperties}
      aria-hidden="true"
    >
      <span className="poster__category">
        {t(`category.${category}`, { defaultValue: humanize(category) }).toLowerCase()}
      </span>
      <span className="poster__title">{title}</span>
    </div>
  );
}
