import { describe, expect, it } from '@jest/globals';
import { GraphQLError, Kind } from 'graphql';
import {
  currencyCodes,
  formatMinorUnits,
  isCurrency,
  minorPerMajor,
  minorUnits,
  requireCurrency,
} from './currencies.ts';
import { LongScalar } from './scalars.ts';

describe('ISO 4217 currencies', () => {
  it("knows each active currency's minor units, as the standard gives them", () => {
    expect(minorUnits('JPY')).toBe(0);
    expect(minorUnits('INR')).toBe(2);
    expect(minorUnits('USD')).toBe(2);
    expect(minorUnits('KWD')).toBe(3);
    expect(minorUnits('BHD')).toBe(3);
    // ISO says 2 where ICU's display data says 0.
    expect(minorUnits('IDR')).toBe(2);
    expect(minorPerMajor('JPY')).toBe(1);
    expect(minorPerMajor('INR')).toBe(100);
    expect(minorPerMajor('KWD')).toBe(1000);
    expect(currencyCodes().length).toBeGreaterThan(150);
    expect(formatMinorUnits(47_080, 'INR')).toBe('470.80 INR');
    expect(formatMinorUnits(2_500, 'JPY')).toBe('2500 JPY');
    expect(formatMinorUnits(3_125, 'KWD')).toBe('3.125 KWD');
  });

  it('refuses made-up, lower-case and non-money codes with INVALID_CURRENCY naming the field', () => {
    for (const code of ['XYZ', 'inr', 'RUPEE', '', 'XAU', 'XXX', 'XTS']) expect(isCurrency(code)).toBe(false);
    expect(requireCurrency('INR')).toBe('INR');
    try {
      requireCurrency('XYZ', 'basePrice.currency');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions).toEqual({ code: 'INVALID_CURRENCY', field: 'basePrice.currency' });
    }
    expect(() => minorUnits('XYZ')).toThrow(RangeError);
  });
});

describe('the Long scalar', () => {
  it('carries totals past 2^31 exactly, up to 2^53 − 1, from numbers, bigints and bigint text', () => {
    const past32Bits = 2 ** 31 + 12_345;
    expect(LongScalar.serialize(past32Bits)).toBe(2_147_495_993);
    expect(LongScalar.serialize('2147495993')).toBe(past32Bits);
    expect(LongScalar.serialize(BigInt(Number.MAX_SAFE_INTEGER))).toBe(9_007_199_254_740_991);
    expect(LongScalar.serialize('-9007199254740991')).toBe(-Number.MAX_SAFE_INTEGER);
    expect(JSON.parse(JSON.stringify({ total: LongScalar.serialize('9007199254740991') }))).toEqual({
      total: Number.MAX_SAFE_INTEGER,
    });
    expect(LongScalar.parseValue(past32Bits)).toBe(past32Bits);
    expect(LongScalar.parseLiteral({ kind: Kind.INT, value: '4294967296' })).toBe(4_294_967_296);
  });

  it('refuses what it cannot carry exactly rather than round it', () => {
    for (const value of [2 ** 53, '9007199254740992', 2n ** 53n, 1.5, 'ten', null, Number.NaN])
      expect(() => LongScalar.serialize(value)).toThrow(/Long/);
    expect(() => LongScalar.parseLiteral({ kind: Kind.STRING, value: '1' })).toThrow(/Long/);
  });
});
