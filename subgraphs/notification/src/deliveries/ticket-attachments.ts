import { TicketDelivery, TicketDocuments } from '@showstream/contracts';
import type { InternalClient } from '@showstream/platform';
import type { Attachment } from '../channels/channel.ts';

/**
 * The tickets a confirmation email carries (a PDF and a calendar entry), asked of booking, which
 * owns tickets, when the email is sent: so they are the booking's tickets as they are then (none
 * once it was cancelled, a re-issued one in place of the old). Messages without tickets carry nothing.
 */
export class TicketAttachments {
  readonly #booking: InternalClient;

  constructor(booking: InternalClient) {
    this.#booking = booking;
  }

  /** Throws InternalCallError when booking cannot answer, so the delivery is retried. */
  async of(variables: Record<string, unknown>): Promise<Attachment[]> {
    const delivery = TicketDelivery.safeParse(variables);
    if (!delivery.success || delivery.data.tickets.length === 0) return [];
    const answer = await this.#booking.get(`/bookings/${delivery.data.bookingId}/ticket-documents`);
    if (answer === undefined) return [];
    const documents = TicketDocuments.parse(answer);
    return [
      {
        filename: `${documents.fileName}.pdf`,
        contentType: 'application/pdf',
        content: Buffer.from(documents.pdfBase64, 'base64'),
      },
      {
        filename: `${documents.fileName}.ics`,
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
        content: Buffer.from(documents.calendar),
      },
    ];
  }
}
