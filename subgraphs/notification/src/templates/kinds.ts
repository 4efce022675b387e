/** Filled from the recipient's contact details for every message (empty for explicit recipients unless given). */
export const RECIPIENT_VARIABLES = ['firstName', 'lastName'] as const;

/**
 * The kinds booking requests on `notification-events` (docs/booking-saga.md) and the variables each
 * carries; a template for one of these kinds may use only these (and the recipient's). Other kinds
 * are admins' own (e.g. PROMOTION): their variables are whatever their templates use.
 */
export const TRIGGER_VARIABLES: Record<string, readonly string[]> = {
  BOOKING_CONFIRMED: ['reference', 'seats', 'amount'],
  PAYMENT_FAILED: ['reference', 'code', 'reason'],
  REFUND_ISSUED: ['reference', 'amount'],
  SHOW_CANCELLED: ['reference', 'reason', 'refund'],
  BOOKING_EXPIRED: ['reference'],
  HOLD_EXPIRING: ['reference', 'expiresAt', 'minutesLeft'],
};

export const isTriggerKind = (kind: string) => Object.hasOwn(TRIGGER_VARIABLES, kind);
