import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { describeLocalTime, instantFromLocal, isTimeZone, localTime, requireTimeZone } from './local-time.ts';

function refusal(action: () => unknown): { code: unknown; field: unknown; message: string } {
  try {
    action();
  } catch (error) {
    if (error instanceof GraphQLError)
      return { code: error.extensions.code, field: error.extensions.field, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('local times in IANA zones', () => {
  it('knows canonical IANA names and UTC, and nothing else', () => {
    for (const zone of [
      'Asia/Kolkata',
      'Asia/Calcutta',
      'Europe/London',
      'Europe/Kyiv',
      'America/New_York',
      'America/Argentina/Buenos_Aires',
      'UTC',
    ])
      expect(isTimeZone(zone)).toBe(true);
    for (const zone of ['Mars/Olympus_Mons', 'asia/kolkata', 'IST', 'EST', 'GMT', '+05:30', '', 'Europe/London '])
      expect(isTimeZone(zone)).toBe(false);
    expect(refusal(() => requireTimeZone('Mars/Olympus_Mons'))).toMatchObject({
      code: 'INVALID_TIME_ZONE',
      field: 'timeZone',
    });
  });

  it('refuses a time in the spring-forward gap, naming the change', () => {
    for (const local of ['2026-03-29T01:00', '2026-03-29T01:30', '2026-03-29T01:59:59']) {
      const refused = refusal(() => instantFromLocal(local, 'Europe/London'));
      expect(refused).toMatchObject({ code: 'NONEXISTENT_LOCAL_TIME', field: 'startsAtLocal' });
      expect(refused.message).toBe(
        `${local} does not exist in Europe/London: at 01:00 on 2026-03-29 the clocks go forward to 02:00.`,
      );
    }
    expect(refusal(() => instantFromLocal('2026-03-08T02:15', 'America/New_York')).message).toBe(
      '2026-03-08T02:15 does not exist in America/New_York: at 02:00 on 2026-03-08 the clocks go forward to 03:00.',
    );
  });

  it('reads the times around the change, and takes the earlier instant in the fall-back overlap', () => {
    const london = (local: string) => instantFromLocal(local, 'Europe/London').toISOString();
    expect(london('2026-03-29T00:59')).toBe('2026-03-29T00:59:00.000Z');
    expect(london('2026-03-29T02:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(london('2026-03-29T02:30')).toBe('2026-03-29T01:30:00.000Z');
    expect(london('2026-10-25T00:30')).toBe('2026-10-24T23:30:00.000Z');
    expect(london('2026-10-25T01:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(london('2026-10-25T02:00')).toBe('2026-10-25T02:00:00.000Z');
    expect(instantFromLocal('2026-11-01T01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(instantFromLocal('2026-12-01T10:00', 'Asia/Kolkata').toISOString()).toBe('2026-12-01T04:30:00.000Z');
    expect(instantFromLocal('2026-12-01T10:00:30', 'UTC').toISOString()).toBe('2026-12-01T10:00:30.000Z');
  });

  it('gives the wall clock, the abbreviation and the offset of an instant', () => {
    expect(localTime(new Date('2026-10-25T00:30:00Z'), 'Europe/London')).toEqual({
      dateTime: '2026-10-25T01:30',
      timeZone: 'Europe/London',
      abbreviation: 'BST',
      utcOffset: '+01:00',
    });
    expect(localTime(new Date('2026-10-25T01:30:00Z'), 'Europe/London')).toEqual({
      dateTime: '2026-10-25T01:30',
      timeZone: 'Europe/London',
      abbreviation: 'GMT',
      utcOffset: '+00:00',
    });
    expect(localTime(new Date('2026-12-01T04:30:00Z'), 'Asia/Kolkata')).toEqual({
      dateTime: '2026-12-01T10:00',
      timeZone: 'Asia/Kolkata',
      abbreviation: 'IST',
      utcOffset: '+05:30',
    });
    expect(localTime(new Date('2026-07-01T16:00:00Z'), 'America/New_York')).toMatchObject({
      dateTime: '2026-07-01T12:00',
      abbreviation: 'EDT',
      utcOffset: '-04:00',
    });
    expect(localTime(new Date('2026-01-01T00:00:00Z'), 'Europe/Paris')).toMatchObject({ abbreviation: 'CET' });
    expect(localTime(new Date('2026-01-01T00:00:00Z'), 'UTC')).toMatchObject({ abbreviation: 'UTC' });
    // A zone without a usual abbreviation in any of the locales is named by its offset.
    expect(localTime(new Date('2026-01-01T00:00:00Z'), 'Asia/Kathmandu')).toMatchObject({
      dateTime: '2026-01-01T05:45',
      abbreviation: 'GMT+5:45',
      utcOffset: '+05:45',
    });
  });

  it('describes an instant as the venue reads it, whatever the process zone', () => {
    expect(describeLocalTime(new Date('2026-12-05T04:30:00Z'), 'Asia/Kolkata')).toBe('Sat, 5 Dec, 2026, 10:00 am IST');
    expect(describeLocalTime(new Date('2026-10-25T00:30:00Z'), 'Europe/London')).toBe('Sun, 25 Oct, 2026, 1:30 am BST');
    expect(describeLocalTime(new Date('2026-10-25T01:30:00Z'), 'Europe/London')).toBe('Sun, 25 Oct, 2026, 1:30 am GMT');
  });

  it('refuses what is not a local date-time', () => {
    for (const local of [
      '2026-02-30T10:00',
      '2026-03-29T24:00',
      '2026-03-29 10:00',
      '2026-03-29T10:00Z',
      '2026-03-29T10:00+05:30',
      '29/03/2026 10:00',
      '0026-03-29T10:00',
      '',
    ]) {
      expect(refusal(() => instantFromLocal(local, 'Asia/Kolkata'))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'startsAtLocal',
      });
    }
    expect(refusal(() => instantFromLocal('2026-03-29T10:00', 'Nowhere/Land'))).toMatchObject({
      code: 'INVALID_TIME_ZONE',
    });
  });
});
