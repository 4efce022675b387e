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

/**
 * Where a show's time is read: the venue's zone and its abbreviation at the show's start, as the
 * API gives them (`Show.localStartsAt`). Show times are always the venue's, whatever zone the
 * browser is in: a 10:00 show in Bengaluru reads "10:00 am IST" in New York too.
 */
export interface VenueClock {
  timeZone: string;
  abbreviation: string;
}

const dateTimeOptions: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
};
const dayOptions: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long' };
const timeOptions: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
const shortDateTimeOptions: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
};

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per shape and zone (`undefined`: the browser's own zone, for times that are not a venue's). */
function formatIn(options: Intl.DateTimeFormatOptions, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${JSON.stringify(options)}|${timeZone ?? ''}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-IN', { ...options, timeZone });
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** "Sun, 29 Mar, 10:00 am IST": a show's start on the venue's clocks. */
export const formatDateTime = (iso: string, clock: VenueClock) =>
  `${formatIn(dateTimeOptions, clock.timeZone).format(new Date(iso))} ${clock.abbreviation}`;
/** "Sunday, 29 March": the venue's calendar day of a show. */
export const formatDay = (iso: string, clock: VenueClock) => formatIn(dayOptions, clock.timeZone).format(new Date(iso));
/** "10:00 am IST" */
export const formatTime = (iso: string, clock: VenueClock) =>
  `${formatIn(timeOptions, clock.timeZone).format(new Date(iso))} ${clock.abbreviation}`;
/** "29 Mar, 10:00 am IST" for a show; without a clock, an instant that is no venue's (a booking's confirmation) in the browser's zone. */
export const formatShortDateTime = (iso: string, clock?: VenueClock) =>
  `${formatIn(shortDateTimeOptions, clock?.timeZone).format(new Date(iso))}${clock ? ` ${clock.abbreviation}` : ''}`;

/** The venue's calendar day of a show (`localStartsAt.dateTime` is the venue's wall clock), for grouping shows by day. */
export const dayKey = (local: { dateTime: string }) => local.dateTime.slice(0, 10);

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
