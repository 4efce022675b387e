import { ClientError, ErrorCode, badInput } from '../errors/errors.ts';

/**
 * Wall-clock times in IANA time zones, with nothing but the runtime's Intl (ICU) data (see
 * `isTimeZone` for which names count).
 * Node 24 has no Temporal yet; the conversions below are what Temporal's
 * `ZonedDateTime.from(…, { disambiguation: 'earlier' })` would do, with a gap refused instead.
 */

/** A local date and time at a place: what a clock on the wall there reads. */
export interface LocalTime {
  /** `2026-03-29T02:30` (seconds only when there are some), no offset. */
  dateTime: string;
  /** The IANA zone, e.g. `Europe/London`. */
  timeZone: string;
  /** The zone's abbreviation at that moment where the zone has a usual one (`BST`, `GMT`, `IST`, `EDT`), else `GMT+4`. */
  abbreviation: string;
  /** The offset from UTC at that moment: `+01:00`, `+05:30`, `-04:00`, `+00:00`. */
  utcOffset: string;
}

let zones: Set<string> | undefined;
/** IANA's form: Area/Location (`America/Argentina/Buenos_Aires`), each part capitalised. */
const IANA_NAME = /^[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*)+$/;

/**
 * Whether `name` is an IANA time zone this runtime knows, or `UTC`. `Intl.supportedValuesOf`
 * lists ICU's canonical ids, which keep CLDR's older names (`Asia/Calcutta`, `Europe/Kiev`), so
 * a name counts when it is listed, or when it has IANA's Area/Location form and Intl resolves it
 * to a listed zone (`Asia/Kolkata`, `Europe/Kyiv`). Abbreviations (`IST`, `EST`), offsets
 * (`+05:30`) and wrongly cased names, which Intl would also take, are refused: they are not names
 * of places, and `IST` alone means three different ones.
 */
export function isTimeZone(name: string): boolean {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  if (zones.has(name)) return true;
  if (!IANA_NAME.test(name)) return false;
  try {
    return zones.has(new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone);
  } catch {
    return false;
  }
}

/** INVALID_TIME_ZONE unless `name` is a known IANA zone; answers the name. */
export function requireTimeZone(name: string, field = 'timeZone'): string {
  if (!isTimeZone(name)) {
    throw new ClientError(
      ErrorCode.INVALID_TIME_ZONE,
      `${JSON.stringify(name.slice(0, 64))} is not a known IANA time zone; use a name such as Asia/Kolkata or Europe/London.`,
      { field },
    );
  }
  return name;
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of an instant in a zone, 24-hour. */
function wallClock(instant: number, timeZone: string) {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClocks.set(timeZone, format);
  }
  const fields: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN, second = NaN } = fields;
  return { year, month, day, hour, minute, second };
}

/** The zone's offset from UTC at an instant, in milliseconds (whole seconds: ICU's offsets are). */
function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const clock = wallClock(whole, timeZone);
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second) - whole;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `2026-03-29T02:30`, with `:ss` only when the seconds are not zero. */
function formatWallClock(clock: ReturnType<typeof wallClock>): string {
  const seconds = clock.second ? `:${pad(clock.second)}` : '';
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}T${pad(clock.hour)}:${pad(clock.minute)}${seconds}`;
}

function formatOffset(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  return `${offsetMs < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * CLDR gives a zone's short name (BST, IST, CET, EDT) only in the locales where it is in common
 * use, and `GMT+5:30` elsewhere: en-US has EST but not BST, en-GB has BST and CET but not IST,
 * en-IN has IST. The first of these locales that names the zone names it.
 */
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-IE', 'en-AU', 'en-NZ', 'en-CA', 'en-ZA', 'en-SG'];
const abbreviationFormats = new Map<string, Intl.DateTimeFormat[]>();

function abbreviationAt(instant: number, timeZone: string): string {
  let formats = abbreviationFormats.get(timeZone);
  if (!formats) {
    formats = ABBREVIATION_LOCALES.map(
      (locale) => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }),
    );
    abbreviationFormats.set(timeZone, formats);
  }
  let fallback: string | undefined;
  for (const format of formats) {
    const name = format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value;
    if (!name) continue;
    if (!/^(GMT|UTC)[+\-\u2212]/.test(name)) return name;
    fallback ??= name;
  }
  return fallback ?? formatOffset(offsetAt(instant, timeZone));
}

/** An instant as the wall clock in `timeZone` reads it. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const at = instant.getTime();
  return {
    dateTime: formatWallClock(wallClock(at, timeZone)),
    timeZone,
    abbreviation: abbreviationAt(at, timeZone),
    utcOffset: formatOffset(offsetAt(at, timeZone)),
  };
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DAY_MS = 86_400_000;

/** `2026-03-29T02:30` (or `…:ss`) as if it were UTC, in milliseconds; undefined unless it is a real date and time. */
function parseWallClock(text: string): number | undefined {
  const fields = LOCAL_DATE_TIME.exec(text)
    ?.slice(1)
    .map((part) => Number(part ?? 0));
  if (!fields) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = fields;
  if (year < 1900 || hour > 23 || minute > 59 || second > 59) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2026-02-30 over into March: a real date reads back as it was written.
  const date = new Date(wall);
  return date.getUTCMonth() + 1 === month && date.getUTCDate() === day ? wall : undefined;
}

/** An instant as a person at the venue reads it: `Sat, 5 Dec, 2026, 10:00 am IST`. */
export function describeLocalTime(instant: Date, timeZone: string, locale = 'en-IN'): string {
  const wallClock = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(instant);
  return `${wallClock} ${localTime(instant, timeZone).abbreviation}`;
}

/**
 * The instant a local date-time (`2026-03-29T02:30`, no offset) names in `timeZone`. A time the
 * clocks skip (the gap when they go forward) is refused with NONEXISTENT_LOCAL_TIME; a time they
 * pass twice (the overlap when they go back) is the earlier of the two instants, the one before
 * the change. Malformed input is BAD_USER_INPUT, an unknown zone INVALID_TIME_ZONE.
 */
export function instantFromLocal(local: string, timeZone: string, field = 'startsAtLocal'): Date {
  requireTimeZone(timeZone);
  const wall = parseWallClock(local.trim());
  if (wall === undefined) {
    throw badInput('Give a local date and time such as 2026-03-29T19:30, without an offset.', field);
  }

  // Every offset the zone has around that wall-clock time; each that maps back to it is a reading of it.
  const offsets = new Set([wall - DAY_MS, wall, wall + DAY_MS].map((near) => offsetAt(near, timeZone)));
  const instants = [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => offsetAt(instant, timeZone) === wall - instant)
    .sort((a, b) => a - b);
  const [earliest] = instants;
  if (earliest !== undefined) return new Date(earliest);

  throw new ClientError(ErrorCode.NONEXISTENT_LOCAL_TIME, gapMessage(local.trim(), wall, timeZone), { field });
}

/** "… does not exist in Europe/London: at 01:00 on 2026-03-29 the clocks go forward to 02:00." */
function gapMessage(local: string, wall: number, timeZone: string): string {
  // The change lies within a day before the wall-clock time read at the earlier offset: find it to the second.
  const before = offsetAt(wall - DAY_MS, timeZone);
  let low = wall - before - DAY_MS;
  let high = wall - before;
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2000) * 1000;
    if (offsetAt(middle, timeZone) === before) low = middle;
    else high = middle;
  }
  // At the change the clocks would have read `from` had they not moved, and read `to` instead.
  const asRead = (at: Date) => ({
    year: at.getUTCFullYear(),
    month: at.getUTCMonth() + 1,
    day: at.getUTCDate(),
    hour: at.getUTCHours(),
    minute: at.getUTCMinutes(),
    second: at.getUTCSeconds(),
  });
  const [fromDay, fromTime] = formatWallClock(asRead(new Date(high + before))).split('T');
  const [toDay, toTime] = formatWallClock(wallClock(high, timeZone)).split('T');
  const to = toDay === fromDay ? toTime : `${toTime} on ${toDay}`;
  return `${local} does not exist in ${timeZone}: at ${fromTime} on ${fromDay} the clocks go forward to ${to}.`;
}
