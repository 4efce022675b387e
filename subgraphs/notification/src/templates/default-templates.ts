import type { Channel } from '../channels/channel.ts';

export interface DefaultTemplate {
  name: string;
  kind: string;
  channel: Channel;
  language: string;
  subject: string | null;
  content: string;
}

type Messages = Record<string, { subject: string; long: string; short: string }>;

/** One message per trigger kind, worded once and shortened per channel. */
const MESSAGES: Messages = {
  BOOKING_CONFIRMED: {
    subject: 'Booking {{reference}} confirmed: {{eventTitle}}',
    long: 'Hi {{firstName}},\n\nYour booking {{reference}} is confirmed.\n\n{{eventTitle}}\n{{time startsAt timeZone}}\n{{venueName}}{{#if venueAddress}}, {{venueAddress}}{{/if}}\nSeats: {{join seats}}\nAmount paid: {{money amount}}\n\nYour tickets are attached, one QR code per seat, with a calendar entry; they are in My bookings too. Each code admits one person once. Enjoy the show!\n\nShowStream',
    short:
      'ShowStream: booking {{reference}} confirmed: {{eventTitle}}, {{time startsAt timeZone}}, {{venueName}}. Seats {{join seats}}, paid {{money amount}}.',
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

/** The same messages in Hindi, with the same variables (names, codes and amounts stay as they are). */
const MESSAGES_HI: Messages = {
  BOOKING_CONFIRMED: {
    subject: 'बुकिंग {{reference}} कन्फ़र्म: {{eventTitle}}',
    long: 'नमस्ते {{firstName}},\n\nआपकी बुकिंग {{reference}} कन्फ़र्म हो गई है।\n\n{{eventTitle}}\n{{time startsAt timeZone}}\n{{venueName}}{{#if venueAddress}}, {{venueAddress}}{{/if}}\nसीटें: {{join seats}}\nभुगतान: {{money amount}}\n\nआपके टिकट साथ में हैं, हर सीट का एक QR कोड, और कैलेंडर एंट्री भी; ये My bookings में भी हैं। हर कोड से एक व्यक्ति एक बार प्रवेश कर सकता है। शो का आनंद लें!\n\nShowStream',
    short:
      'ShowStream: बुकिंग {{reference}} कन्फ़र्म: {{eventTitle}}, {{time startsAt timeZone}}, {{venueName}}। सीटें {{join seats}}, भुगतान {{money amount}}।',
  },
  PAYMENT_FAILED: {
    subject: 'बुकिंग {{reference}} का भुगतान नहीं हो सका',
    long: 'नमस्ते {{firstName}},\n\nबुकिंग {{reference}} का भुगतान पूरा नहीं हुआ ({{reason}})। आपकी सीटें छोड़ दी गई हैं; आप कभी भी फिर से बुक कर सकते हैं।\n\nShowStream',
    short: 'ShowStream: बुकिंग {{reference}} का भुगतान नहीं हो सका ({{reason}})। सीटें छोड़ दी गईं।',
  },
  REFUND_ISSUED: {
    subject: 'बुकिंग {{reference}} का रिफ़ंड',
    long: 'नमस्ते {{firstName}},\n\nहमने बुकिंग {{reference}} के लिए {{money amount}} रिफ़ंड कर दिए हैं। आपके बैंक के अनुसार यह 5–7 कार्यदिवसों में आपके खाते में पहुँच जाएगा।\n\nShowStream',
    short: 'ShowStream: बुकिंग {{reference}} के लिए {{money amount}} रिफ़ंड किए गए।',
  },
  SHOW_CANCELLED: {
    subject: 'शो रद्द: बुकिंग {{reference}}',
    long: 'नमस्ते {{firstName}},\n\nहमें खेद है: आपकी बुकिंग {{reference}} का शो रद्द हो गया है ({{reason}})। आपकी बुकिंग रद्द कर दी गई है और {{money refund}} रिफ़ंड किया जा रहा है।\n\nShowStream',
    short: 'ShowStream: बुकिंग {{reference}} का शो रद्द हो गया ({{reason}})। रिफ़ंड: {{money refund}}।',
  },
  HOLD_EXPIRING: {
    subject: 'बुकिंग {{reference}} के भुगतान के लिए लगभग {{minutesLeft}} मिनट बचे हैं',
    long: 'नमस्ते {{firstName}},\n\nबुकिंग {{reference}} की आपकी सीटें लगभग {{minutesLeft}} मिनट और रुकी हैं। उन्हें रखने के लिए इससे पहले भुगतान करें; उसके बाद वे फिर से बिक्री पर चली जाएँगी।\n\nShowStream',
    short: 'ShowStream: बुकिंग {{reference}} के भुगतान के लिए लगभग {{minutesLeft}} मिनट बचे हैं, फिर सीटें छोड़ दी जाएँगी।',
  },
  BOOKING_EXPIRED: {
    subject: 'बुकिंग {{reference}} की समय-सीमा समाप्त',
    long: 'नमस्ते {{firstName}},\n\nबुकिंग {{reference}} का भुगतान समय पर नहीं हुआ, इसलिए उसकी सीटें फिर से बिक्री पर चली गईं। कोई राशि नहीं काटी गई।\n\nShowStream',
    short: 'ShowStream: बुकिंग {{reference}} बिना भुगतान के समाप्त हो गई; उसकी सीटें छोड़ दी गईं।',
  },
};

/** A language's messages as one template per kind and channel (English names stay as they were: `booking-confirmed.email`). */
function templatesOf(messages: Messages, language: string): DefaultTemplate[] {
  return Object.entries(messages).flatMap(([kind, message]) => {
    const inApp = message.short.replace('ShowStream: ', '').replace(/^./, (first) => first.toUpperCase());
    const name = (channel: Channel) =>
      `${kind.toLowerCase().replaceAll('_', '-')}.${channel.toLowerCase().replace('_', '-')}${language === 'en' ? '' : `.${language}`}`;
    const template = (channel: Channel, subject: string | null, content: string) => ({
      name: name(channel),
      kind,
      channel,
      language,
      subject,
      content,
    });
    return [
      template('EMAIL', message.subject, message.long),
      template('IN_APP', message.subject, inApp),
      template('PUSH', message.subject, inApp),
      template('SMS', null, message.short),
      template('WHATSAPP', null, message.short),
    ];
  });
}

/** Seeded at start when missing (by name), so admins' later edits stay theirs. */
export const DEFAULT_TEMPLATES: DefaultTemplate[] = [...templatesOf(MESSAGES, 'en'), ...templatesOf(MESSAGES_HI, 'hi')];
