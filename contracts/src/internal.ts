import { z } from 'zod';
import { id, instant } from './events/shared.ts';

/**
 * Answers of the internal API (`/internal/v1/…`, platform's internal-api.ts) that more than one
 * service reads, declared once like the events.
 */

/** Catalog's answer for a show (`GET /internal/v1/shows/:showId`): what booking tells buyers about it. */
export const ShowFacts = z.object({
  showId: id,
  eventTitle: z.string(),
  venueName: z.string(),
  venueAddress: z.string().nullable(),
  timeZone: z.string(),
  startsAt: instant,
  endsAt: instant,
});
export type ShowFacts = z.infer<typeof ShowFacts>;

/** Booking's answer for a confirmed booking's tickets as files (`GET /internal/v1/bookings/:id/ticket-documents`). */
export const TicketDocuments = z.object({
  /** Without extension: `<fileName>.pdf` and `<fileName>.ics`. */
  fileName: z.string(),
  pdfBase64: z.string(),
  /** iCalendar text. */
  calendar: z.string(),
});
export type TicketDocuments = z.infer<typeof TicketDocuments>;
