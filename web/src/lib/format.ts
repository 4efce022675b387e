/** Money as the API sends it: an integer in the currency's minor units (paise for INR, yen for JPY). */
export interface Money {
  amountMinor: number;
  currency: string;
}

/**
 * ISO 4217 minor units where they differ from what the browser's ICU data gives a currency's display
 * digits (the API's amounts follow ISO: platform/src/graphql/currencies.ts). Every other currency has
 * the digits `Intl` reports: JPY 0, INR 2, KWD 3.
 */
const ISO_MINOR_UNITS_UNLIKE_ICU: Record<string, number> = {
  AFN: 2,
  ALL: 2,
  COP: 2,
  HUF: 2,
  IDR: 2,
  IQD: 3,
  IRR: 2,
  KPW: 2,
  LAK: 2,
  LBP: 2,
  MGA: 2,
  MMK: 2,
  PKR: 2,
  SOS: 2,
  SYP: 2,
  YER: 2,
};

const minorUnitCache = new Map<string, number>();

/** How many minor units a currency's amounts have: 0 for JPY, 2 for INR, 3 for KWD. */
export function minorUnits(currency: string): number {
  let digits = ISO_MINOR_UNITS_UNLIKE_ICU[currency] ?? minorUnitCache.get(currency);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    minorUnitCache.set(currency, digits);
  }
  return digits;
}

/** The locale numbers, amounts and dates are formatted in unless the caller passes the app's current one. */
export const DEFAULT_LOCALE = 'en-IN';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** ₹1,250 or ₹1,250.50, ¥2,500, KWD 3.125: Indian digit grouping, the fraction only when there is one. */
export function formatMoney(money: Money | null | undefined, locale = DEFAULT_LOCALE): string {
  if (!money) return '—';
  const digits = minorUnits(money.currency);
  const perMajor = 10 ** digits;
  const whole = money.amountMinor % perMajor === 0;
  const key = `${locale}:${money.currency}:${whole}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: money.currency,
      minimumFractionDigits: whole ? 0 : digits,
      maximumFractionDigits: digits,
    });
    moneyFormats.set(key, format);
  }
  return format.format(money.amountMinor / perMajor);
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
function formatIn(
  options: Intl.DateTimeFormatOptions,
  timeZone: string | undefined,
  locale: string,
): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}|${timeZone ?? ''}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** "Sun, 29 Mar, 10:00 am IST": a show's start on the venue's clocks. */
export const formatDateTime = (iso: string, clock: VenueClock, locale = DEFAULT_LOCALE) =>
  `${formatIn(dateTimeOptions, clock.timeZone, locale).format(new Date(iso))} ${clock.abbreviation}`;
/** "Sunday, 29 March": the venue's calendar day of a show. */
export const formatDay = (iso: string, clock: VenueClock, locale = DEFAULT_LOCALE) =>
  formatIn(dayOptions, clock.timeZone, locale).format(new Date(iso));
/** "10:00 am IST" */
export const formatTime = (iso: string, clock: VenueClock, locale = DEFAULT_LOCALE) =>
  `${formatIn(timeOptions, clock.timeZone, locale).format(new Date(iso))} ${clock.abbreviation}`;
/** "29 Mar, 10:00 am IST" for a show; without a clock, an instant that is no venue's (a booking's confirmation) in the browser's zone. */
export const formatShortDateTime = (iso: string, clock?: VenueClock, locale = DEFAULT_LOCALE) =>
  `${formatIn(shortDateTimeOptions, clock?.timeZone, locale).format(new Date(iso))}${clock ? ` ${clock.abbreviation}` : ''}`;

/** The venue's calendar day of a show (`localStartsAt.dateTime` is the venue's wall clock), for grouping shows by day. */
export const dayKey = (local: { dateTime: string }) => local.dateTime.slice(0, 10);

/** 7:05 for a countdown; never negative. */
export function formatCountdown(msLeft: number): string {
  const seconds = Math.max(0, Math.ceil(msLeft / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** "2h 22m" (हिन्दी: "2 घं 22 मि") for an event's running time. */
export function formatDuration(minutes: number | null | undefined, locale = DEFAULT_LOCALE): string | null {
  if (!minutes) return null;
  const unit = (value: number, name: 'hour' | 'minute') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'narrow' }).format(value);
  const hours = Math.floor(minutes / 60);
  if (hours === 0) return unit(minutes, 'minute');
  return minutes % 60 === 0 ? unit(hours, 'hour') : `${unit(hours, 'hour')} ${unit(minutes % 60, 'minute')}`;
}

/** PREMIUM → Premium, BALCONY_FRONT → Balcony front: seat types and statuses read as words. */
export function humanize(value: string): string {
  const words = value.replaceAll('_', ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const formatPercent = (ratio: number | null | undefined, locale = DEFAULT_LOCALE) =>
  ratio == null
    ? '—'
    : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: ratio < 0.1 ? 1 : 0 }).format(ratio);

/** 1,00,000: Indian digit grouping in both of the app's locales. */
export const formatNumber = (value: number, locale = DEFAULT_LOCALE) => value.toLocaleString(locale);
