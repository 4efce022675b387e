import { CombinedError } from 'urql';

/** A result with neither data nor an error (the answer was cut off) reads as a network problem. */
export const NO_ANSWER = new CombinedError({ networkError: new Error('The answer was cut off.') });

/** What the person was doing when it failed: the same code means different things at different steps. */
export type ErrorContext = 'hold' | 'book' | 'pay' | 'cancel' | 'sign-in' | 'register' | 'load' | 'save';

export interface Problem {
  title: string;
  detail: string;
  /** The API's `extensions.code`, or NETWORK. */
  code: string;
  /** The input the API blamed (`extensions.field`), so a form can mark it. */
  field?: string;
  /** Seats someone else took first (`extensions.unavailableSeats` on a CONFLICT from lockSeats). */
  unavailableSeats?: string[];
}

const listSeats = (seats: string[]) =>
  seats.length <= 1 ? seats.join('') : `${seats.slice(0, -1).join(', ')} and ${seats.slice(-1).join('')}`;

/**
 * Turns a failed operation into words for the person in front of the screen, by the API's stable
 * `extensions.code` (never by parsing messages). The API's own messages are written for people
 * and are shown as the detail where they say more than the title.
 */
export function describeError(error: CombinedError, context: ErrorContext): Problem {
  const first = error.graphQLErrors[0];
  if (!first) {
    return {
      code: 'NETWORK',
      title: 'Can’t reach ShowStream',
      detail: 'Check your connection and try again. Nothing was changed.',
    };
  }
  const code = typeof first.extensions.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
  const field = typeof first.extensions.field === 'string' ? first.extensions.field : undefined;
  const base = { code, ...(field ? { field } : {}) };
  const message = first.message;
  switch (code) {
    case 'CONFLICT': {
      const taken = first.extensions.unavailableSeats;
      if (Array.isArray(taken) && taken.length > 0) {
        const seats = taken.map(String);
        return {
          ...base,
          unavailableSeats: seats,
          title: seats.length === 1 ? 'That seat was just taken' : 'Those seats were just taken',
          detail: `Someone else got ${listSeats(seats)} first. We’ve removed ${seats.length === 1 ? 'it' : 'them'} from your selection — pick another seat.`,
        };
      }
      if (context === 'book')
        return { ...base, title: 'Your hold has expired', detail: `${message} The seats may still be free.` };
      if (context === 'pay') return { ...base, title: 'This booking can’t be paid any more', detail: message };
      return { ...base, title: 'That changed in the meantime', detail: message };
    }
    case 'BAD_USER_INPUT':
      return {
        ...base,
        title: context === 'cancel' ? 'This booking can’t be cancelled' : 'Please check the details',
        detail: message,
      };
    case 'UNAUTHENTICATED':
      if (context === 'sign-in')
        return { ...base, title: 'Wrong email or password', detail: 'Check both and try again.' };
      return { ...base, title: 'Please sign in again', detail: 'Your session has ended.' };
    case 'FORBIDDEN':
      return { ...base, title: 'Not allowed', detail: message };
    case 'NOT_FOUND':
      return { ...base, title: context === 'book' ? 'Your hold has expired' : 'Not found', detail: message };
    case 'RATE_LIMITED':
      return { ...base, title: 'Too many attempts', detail: 'Wait a minute and try again.' };
    case 'SERVICE_UNAVAILABLE':
      return { ...base, title: 'Temporarily unavailable', detail: message };
    default:
      return {
        ...base,
        title: 'Something went wrong on our side',
        detail: 'Please try again in a moment. Nothing was charged.',
      };
  }
}

/** A payment the gateway answered with a failure (`Payment.failureCode`): not an error of the request, an outcome. */
export function describePaymentFailure(failureCode: string | null, reason: string | null): Problem {
  const after = 'Nothing was charged. Your booking was released — choose your seats again to try another card.';
  switch (failureCode) {
    case 'DECLINED':
      return { code: 'DECLINED', title: 'Payment declined', detail: `Your bank declined this card. ${after}` };
    case 'FRAUD_BLOCKED':
      return {
        code: 'FRAUD_BLOCKED',
        title: 'Payment blocked for your protection',
        detail: `Our fraud checks stopped this payment. ${after}`,
      };
    default:
      return {
        code: failureCode ?? 'FAILED',
        title: 'Payment failed',
        detail: `${reason ?? 'The payment could not be completed.'} ${after}`,
      };
  }
}

export const HOLD_EXPIRED: Problem = {
  code: 'HOLD_EXPIRED',
  title: 'Your hold has expired',
  detail: 'The seats went back on sale. Choose them again to continue — they may still be free.',
};
