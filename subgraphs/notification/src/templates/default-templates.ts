import type { Channel } from '../channels/channel.ts';

export interface DefaultTemplate {
  name: string;
  kind: string;
  channel: Channel;
  subject: string | null;
  content: string;
}

/** One message per trigger kind, worded once and shortened per channel. */
const MESSAGES: Record<string, { subject: string; long: string; short: string }> = {
  BOOKING_CONFIRMED: {
    subject: 'Booking {{reference}} confirmed: {{eventTitle}}',
    long: 'Hi {{firstName}},\n\nYour booking {{reference}} is confirmed.\n\n{{eventTitle}}\n{{showTime}}\n{{venueName}}{{#if venueAddress}}, {{venueAddress}}{{/if}}\nSeats: {{join seats}}\nAmount paid: {{money amount}}\n\nYour tickets are attached, one QR code per seat, with a calendar entry; they are in My bookings too. Each code admits one person once. Enjoy the show!\n\nShowStream',
    short:
      'ShowStream: booking {{reference}} confirmed: {{eventTitle}}, {{showTime}}, {{venueName}}. Seats {{join seats}}, paid {{money amount}}.',
  },
  PAYMENT_FAILED: {
    subject: 'Payment for booking {{reference}} failed',
    long: 'Hi {{firstName}},\n\nThe payment for booking {{reference}} did not go through ({{reason}}). Your seats have been released; you can book again at any time.\n\nShowStream',
    short: 'ShowStream: the payment for booking {{reference}} failed ({{reason}}). The seats were released.',
  },
  REFUND_ISSUED: {
    subject: 'Refund for booking {{reference}}',
    long: 'Hi {{firstName}},\n\nWe have refunded {{money amount}} for booking {{reference}}. It reaches your account in 5–7 working days, depending on your bank.\n\nShowStream',
    short: 'ShowStream: {{money amount}} refunded for booking {{reference}}.',
  },
  SHOW_CANCELLED: {
    subject: 'Show cancelled: booking {{reference}}',
    long: 'Hi {{firstName}},\n\nWe are sorry: the show of your booking {{reference}} was cancelled ({{reason}}). Your booking is cancelled and {{money refund}} is being refunded.\n\nShowStream',
    short: 'ShowStream: the show of booking {{reference}} was cancelled ({{reason}}). Refund: {{money refund}}.',
  },
  HOLD_EXPIRING: {
    subject: 'About {{minutesLeft}} minutes left to pay for booking {{reference}}',
    long: 'Hi {{firstName}},\n\nYour seats for booking {{reference}} are held for about {{minutesLeft}} more minutes. Pay before then to keep them; after that they go back on sale.\n\nShowStream',
    short: 'ShowStream: about {{minutesLeft}} min left to pay for booking {{reference}}, then the seats are released.',
  },
  BOOKING_EXPIRED: {
    subject: 'Booking {{reference}} expired',
    long: 'Hi {{firstName}},\n\nBooking {{reference}} was not paid in time, so its seats went back on sale. Nothing was charged.\n\nShowStream',
    short: 'ShowStream: booking {{reference}} expired unpaid; its seats were released.',
  },
};

/** Seeded at start when missing (by name), so admins' later edits stay theirs. */
export const DEFAULT_TEMPLATES: DefaultTemplate[] = Object.entries(MESSAGES).flatMap(([kind, message]) => {
  const inApp = message.short.replace('ShowStream: ', '').replace(/^./, (first) => first.toUpperCase());
  const name = (channel: Channel) =>
    `${kind.toLowerCase().replaceAll('_', '-')}.${channel.toLowerCase().replace('_', '-')}`;
  return [
    { name: name('EMAIL'), kind, channel: 'EMAIL' as const, subject: message.subject, content: message.long },
    { name: name('IN_APP'), kind, channel: 'IN_APP' as const, subject: message.subject, content: inApp },
    { name: name('PUSH'), kind, channel: 'PUSH' as const, subject: message.subject, content: inApp },
    { name: name('SMS'), kind, channel: 'SMS' as const, subject: null, content: message.short },
    { name: name('WHATSAPP'), kind, channel: 'WHATSAPP' as const, subject: null, content: message.short },
  ];
});
