/** Money as the API carries it: integer minor units (paise for INR), never floats. */
export interface Money {
  amountMinor: number;
  currency: string;
}

export const DEFAULT_CURRENCY = 'INR';

export const money = (amountMinor: number, currency: string = DEFAULT_CURRENCY): Money => ({ amountMinor, currency });
