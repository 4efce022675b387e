import { codes as isoCodes, code as isoCurrency } from 'currency-codes';
import { ClientError, ErrorCode } from '../errors/errors.ts';

/**
 * ISO 4217 entries whose minor units are "N.A.": precious metals, bond-market units, the SDR, the
 * Sucre, the ADB unit, the testing code and "no currency". They are in the standard's list but are
 * not money anyone pays for a ticket in, so the catalogue refuses them like any unknown code.
 */
const NOT_MONEY = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);

/**
 * The active ISO 4217 currencies and each one's minor units (JPY 0, INR 2, KWD 3), from the
 * `currency-codes` package's copy of the standard's list one (README, Toolchain choices: ICU's
 * `Intl` data gives display digits, which differ from ISO's minor units for IDR, HUF, IQD, COP and a
 * dozen more, and still lists withdrawn codes such as HRK).
 */
const MINOR_UNITS: ReadonlyMap<string, number> = new Map(
  isoCodes()
    .filter((currency) => !NOT_MONEY.has(currency))
    .map((currency) => [currency, isoCurrency(currency)?.digits ?? 2]),
);

/** Every currency a price may be in, alphabetically. */
export const currencyCodes = (): string[] => [...MINOR_UNITS.keys()].sort();

/** Whether `code` is an active ISO 4217 currency (upper case, as the API carries it). */
export const isCurrency = (code: string): boolean => MINOR_UNITS.has(code);

/** The currency's minor units: how many decimal places its amounts have (JPY 0, INR 2, KWD 3). */
export function minorUnits(currency: string): number {
  const digits = MINOR_UNITS.get(currency);
  if (digits === undefined) throw new RangeError(`${currency} is not an ISO 4217 currency.`);
  return digits;
}

/** Minor units in one major unit: 1 for JPY, 100 for INR, 1000 for KWD. */
export const minorPerMajor = (currency: string): number => 10 ** minorUnits(currency);

/** `currency` if it is an ISO 4217 currency, else INVALID_CURRENCY naming `field`. */
export function requireCurrency(currency: string, field = 'currency'): string {
  if (!isCurrency(currency)) {
    throw new ClientError(
      ErrorCode.INVALID_CURRENCY,
      `${JSON.stringify(currency.slice(0, 16))} is not an ISO 4217 currency; use a code such as INR, USD or JPY.`,
      { field },
    );
  }
  return currency;
}

/** An amount in minor units as plain text in its major unit, with the currency's own decimals: "470.80 INR", "2500 JPY", "3.125 KWD". */
export function formatMinorUnits(amountMinor: number, currency: string): string {
  const digits = isCurrency(currency) ? minorUnits(currency) : 2;
  return `${(amountMinor / 10 ** digits).toFixed(digits)} ${currency}`;
}
