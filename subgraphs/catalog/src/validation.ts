import { z } from 'zod';
import { EVENT_CATEGORIES } from './events/event.entity.ts';

const optionalText = (max: number, label: string) => z.string().trim().max(max, `${label} is too long.`).nullish();
const url = z
  .string()
  .trim()
  .max(500, 'URLs are at most 500 characters.')
  .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), 'Enter an http(s) URL.')
  .nullish();

export const venueSchema = z.object({
  name: z.string().trim().min(1, 'Name must not be empty.').max(255, 'Name is too long.'),
  address: optionalText(1000, 'Address'),
  city: z.string().trim().min(1, 'City must not be empty.').max(100, 'City is too long.'),
  state: optionalText(100, 'State'),
  postalCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9 -]{3,12}$/, 'Enter a postal code such as 560001.')
    .nullish(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{6,18}$/, 'Enter a phone number such as +91 80 4000 1234.')
    .nullish(),
  facilities: z.array(z.string().trim().min(1).max(50)).max(30, 'At most 30 facilities.').nullish(),
  // Whether it names a zone is the service's check (requireTimeZone), which answers INVALID_TIME_ZONE.
  timeZone: z.string().trim().max(64, 'Time zone names are at most 64 characters.'),
});

export const screenSchema = z.object({
  name: z.string().trim().min(1, 'Name must not be empty.').max(100, 'Name is too long.'),
  screenType: optionalText(50, 'Screen type'),
  soundSystem: optionalText(50, 'Sound system'),
  capacity: z.number().int().positive('Capacity must be positive.').nullish(),
  layout: z.unknown(),
});

export const eventSchema = z.object({
  title: z.string().trim().min(1, 'Title must not be empty.').max(255, 'Title is too long.'),
  description: optionalText(5000, 'Description'),
  category: z.enum(EVENT_CATEGORIES),
  genres: z.array(z.string().trim().min(1).max(40)).max(10, 'At most 10 genres.').nullish(),
  durationMinutes: z
    .number()
    .int()
    .min(1, 'Duration must be at least a minute.')
    .max(1440, 'Duration is at most a day.')
    .nullish(),
  rating: optionalText(10, 'Rating'),
  language: optionalText(50, 'Language'),
  releaseDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD.')
    .refine((value) => !Number.isNaN(Date.parse(value)), 'Enter a real date.')
    .nullish(),
  posterUrl: url,
  trailerUrl: url,
});

const moneySchema = z.object({
  amountMinor: z
    .number()
    .int('Amounts are whole minor units of the currency (paise for INR, yen for JPY).')
    .min(0, 'Prices cannot be negative.')
    .max(100_000_000, 'That price is too high.'),
  // Whether it is an ISO 4217 currency is the service's check (requireCurrency), which answers INVALID_CURRENCY.
  currency: z
    .string()
    .max(16, 'Use an ISO 4217 currency code such as INR.')
    .nullish()
    .transform((currency) => currency ?? 'INR'),
});

export const showSchema = z.object({
  eventId: z.uuid('Not a valid event id.'),
  screenId: z.uuid('Not a valid screen id.'),
  startsAt: z.date().nullish(),
  // Parsed against the venue's zone once the screen's venue is known (instantFromLocal).
  startsAtLocal: z.string().max(40, 'Give a local date and time such as 2026-11-29T19:30.').nullish(),
  basePrice: moneySchema,
  seatTypePrices: z
    .array(z.object({ seatType: z.string(), price: moneySchema }))
    .max(10)
    .nullish(),
  dynamicPricingEnabled: z.boolean().nullish(),
});

export const searchQuerySchema = z
  .string()
  .trim()
  .min(1, 'Type something to search for.')
  .max(200, 'Search for at most 200 characters.');
