import { CombinedError } from 'urql';
import { i18n, localeOf } from '../i18n/index.ts';

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

/** "A1, A2 and A3" in the current language. */
const listSeats = (seats: string[]) =>
  new Intl.ListFormat(localeOf(i18n.language), { type: 'conjunction' }).format(seats);

/**
 * Turns a failed operation into words for the person in front of the screen, by the API's stable
 * `extensions.code` (never by parsing messages). The API's own messages are written for people
 * and are shown as the detail where they say more than the title. The words are the current language's.
 */
export function describeError(error: CombinedError, context: ErrorContext): Problem {
  const t = i18n.t.bind(i18n);
  const first = error.graphQLErrors[0];
  if (!first) {
    return {
      code: 'NETWORK',
      title: t('errors.networkTitle'),
      detail: t('errors.networkDetail'),
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
          title: t('errors.seatsTakenTitle', { count: seats.length }),
          detail: t('errors.seatsTakenDetail', { count: seats.length, seats: listSeats(seats) }),
        };
      }
      if (context === 'book')
        return { ...base, title: t('errors.holdExpired'), detail: t('errors.mayStillBeFree', { message }) };
      if (context === 'pay') return { ...base, title: t('errors.cannotPay'), detail: message };
      return { ...base, title: t('errors.changed'), detail: message };
    }
    case 'BAD_USER_INPUT':
      return {
        ...base,
        title: context === 'cancel' ? t('errors.cannotCancel') : t('errors.checkDetails'),
        detail: message,
      };
    case 'UNAUTHENTICATED':
      if (context === 'sign-in')
        return { ...base, title: t('errors.wrongPassword'), detail: t('errors.wrongPasswordDetail') };
      return { ...base, title: t('errors.signInAgain'), detail: t('errors.sessionEnded') };
    case 'FORBIDDEN':
      return { ...base, title: t('errors.notAllowed'), detail: message };
    case 'NOT_FOUND':
      return { ...base, title: context === 'book' ? t('errors.holdExpired') : t('errors.notFound'), detail: message };
    case 'RATE_LIMITED':
      return { ...base, title: t('errors.tooMany'), detail: t('errors.tooManyDetail') };
    case 'SERVICE_UNAVAILABLE':
      return { ...base, title: t('errors.unavailable'), detail: message };
    default:
      return {
        ...base,
        title: t('errors.ourSide'),
        detail: t('errors.ourSideDetail'),
      };
  }
}

/** A payment the gateway answered with a failure (`Payment.failureCode`): not an error of the request, an outcome. */
export function describePaymentFailure(failureCode: string | null, reason: string | null): Problem {
  const t = i18n.t.bind(i18n);
  const after = t('errors.afterPayment');
  switch (failureCode) {
    case 'DECLINED':
      return { code: 'DECLINED', title: t('errors.declined'), detail: `${t('errors.declinedDetail')} ${after}` };
    case 'FRAUD_BLOCKED':
      return { code: 'FRAUD_BLOCKED', title: t('errors.fraud'), detail: `${t('errors.fraudDetail')} ${after}` };
    default:
      return {
        code: failureCode ?? 'FAILED',
        title: t('errors.paymentFailed'),
        detail: `${reason ?? t('errors.paymentFailedDetail')} ${after}`,
      };
  }
}

/** A hold that ran out, in the current language. */
export const holdExpired = (): Problem => ({
  code: 'HOLD_EXPIRED',
  title: i18n.t('errors.holdExpired'),
  detail: i18n.t('errors.holdExpiredDetail'),
});
