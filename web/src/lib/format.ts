/** Money as the API sends it: an integer in minor units (paise for INR). */
export interface Money {
  amountMinor: number;
  currency: string;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** ₹1,250 or ₹1,250.50: Indian digit grouping, paise only when there are some. */
export function formatMoney(money: Money | null | undefined): string {
  if (!money) return '—';
  const whole = money.amountMinor % 100 === 0;
  const key = `${money.currency}:${whole}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('en-IN', {
      style: 'currency',
      currency: money.currency,
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: 2,
    });
    moneyFormats.set(key, format);
  }
  return format.format(money.amountMinor / 100);
}

const dateTime = new Intl.DateTimeFormat('en-IN', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
});
const dayLabel = new Intl.DateTimeFormat('en-IN', { weekday: 'long', day: 'numeric', month: 'long' });
const time = new Intl.DateTimeFormat('en-IN', { hour: 'numeric', minute: '2-digit' });
const shortDateTime = new Intl.DateTimeFormat('en-IN', {
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
});

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
export const formatDay = (iso: string) => dayLabel.format(new Date(iso));
export const formatTime = (iso: string) => time.format(new Date(iso));
export const formatShortDateTime = (iso: string) => shortDateTime.format(new Date(iso));

/** The local calendar day of an instant, for grouping shows by day. */
export const dayKey = (iso: string) => new Date(iso).toLocaleDateString('en-CA');

/** 7:05 for a countdown; never negative. */
export function formatCountdown(msLeft: number): string {
  const seconds = Math.max(0, Math.ceil(msLeft / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** "2 h 22 min" for an event's running time. */
export function formatDuration(minutes: number | null | undefined): string | null {
  if (!minutes) return null;
  const hours = Math.floor(minutes / 60);
  if (hours === 0) return `${minutes} min`;
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** PREMIUM → Premium, BALCONY_FRONT → Balcony front: seat types and statuses read as words. */
export function humanize(value: string): string {
  const words = value.replaceAll('_', ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const formatPercent = (ratio: number | null | undefined) =>
  ratio == null ? '—' : `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;

export const formatNumber = (value: number) => value.toLocaleString('en-IN');
