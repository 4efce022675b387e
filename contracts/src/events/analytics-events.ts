import { z } from 'zod';
import { currency, id, instant, minor, seat } from './shared.ts';

/** `analytics-events`, keyed by booking id: facts published for reporting only. */

/** Step 8 of the booking flow: a confirmed booking whose seats are sold. */
export const BookingSucceeded = z.object({
  bookingId: id,
  userId: id,
  showId: id,
  seats: z.array(seat),
  totalMinor: minor,
  finalMinor: minor,
  currency,
  confirmedAt: instant,
});

export const analyticsEvents = { BookingSucceeded };
