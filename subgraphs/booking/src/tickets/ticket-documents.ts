import { TZDate } from '@date-fns/tz';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { ICalCalendar, ICalCalendarMethod } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { TicketDelivery, TicketDocuments } from '@showstream/contracts';
import type { EntityManager } from '@showstream/platform';
import type { Booking } from '../bookings/booking.entity.ts';
import type { ShowDetails } from '../shows/show-details.ts';
import { ticketDelivery } from './ticket-delivery.ts';

/**
 * A confirmed booking's tickets as files: a PDF with one page per seat and its QR code, and a
 * calendar entry in the venue's zone. The web app offers them for download and the confirmation
 * email carries them (notification asks booking's internal API). None for a booking that is not
 * confirmed or has no valid ticket left, so a cancelled booking's files cannot be fetched again.
 */
export async function ticketDocuments(
  em: EntityManager,
  shows: ShowDetails,
  booking: Booking,
): Promise<TicketDocuments | undefined> {
  if (booking.status !== 'CONFIRMED') return undefined;
  const delivery = await ticketDelivery(em, shows, booking);
  if (delivery.tickets.length === 0) return undefined;
  return {
    fileName: `ShowStream-${delivery.reference}`,
    pdfBase64: (await ticketPdf(delivery)).toString('base64'),
    calendar: calendarEntry(delivery),
  };
}

/** One A6-sized page per ticket: what, where and when, the seat, and a QR code a door scanner reads. */
export async function ticketPdf(delivery: TicketDelivery): Promise<Buffer> {
  const pages = await Promise.all(
    delivery.tickets.map(async (ticket) => ({
      ticket,
      // Error correction M and a quiet zone of 4 modules: what scanners at turnstiles expect.
      code: await QRCode.toBuffer(ticket.qrPayload, { errorCorrectionLevel: 'M', margin: 4, scale: 6, type: 'png' }),
    })),
  );
  const document = new PDFDocument({
    size: 'A6',
    margin: 24,
    autoFirstPage: false,
    info: { Title: `${delivery.eventTitle}: tickets ${delivery.reference}`, Author: 'ShowStream' },
  });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  pages.forEach(({ ticket, code }, index) => {
    document.addPage();
    const width = document.page.width - 48;
    document.font('Helvetica-Bold').fontSize(14).text(delivery.eventTitle, { width });
    document.font('Helvetica').fontSize(9).text(delivery.showTime, { width });
    document.text(`${delivery.venueName}, ${delivery.venueAddress}`, { width });
    document.moveDown(0.5);
    document
      .font('Helvetica-Bold')
      .fontSize(12)
      .text(`Seat ${ticket.seatNumber} · Row ${ticket.row} · ${ticket.seatType}`, { width });
    const size = Math.min(width, 190);
    document.image(code, 24 + (width - size) / 2, document.y + 6, { width: size, height: size });
    document.y += size + 12;
    document
      .font('Helvetica')
      .fontSize(8)
      .text(`Booking ${delivery.reference} · ticket ${index + 1} of ${delivery.tickets.length}`, { width })
      .text('One scan admits one person. Do not share this code.', { width });
  });
  document.end();
  return done;
}

/** An iCalendar event whose start is the venue's local time with its zone (and the zone's VTIMEZONE). */
export function calendarEntry(delivery: TicketDelivery): string {
  const calendar = new ICalCalendar({ prodId: { company: 'ShowStream', product: 'tickets' } });
  calendar.method(ICalCalendarMethod.PUBLISH);
  calendar.timezone({ name: delivery.timeZone, generator: (zone) => tzlib_get_ical_block(zone)[0] ?? null });
  calendar.createEvent({
    id: `booking-${delivery.reference}@showstream`,
    // A TZDate, not a Date: ical-generator writes a TZDate's wall clock in the zone, a Date's UTC fields as if local.
    start: new TZDate(delivery.startsAt, delivery.timeZone),
    end: new TZDate(delivery.endsAt, delivery.timeZone),
    timezone: delivery.timeZone,
    summary: delivery.eventTitle,
    location: `${delivery.venueName}, ${delivery.venueAddress}`,
    description: `Booking ${delivery.reference}: seats ${delivery.tickets.map((ticket) => ticket.seatNumber).join(', ')}.`,
  });
  return calendar.toString();
}
