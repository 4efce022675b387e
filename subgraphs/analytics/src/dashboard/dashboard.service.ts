import { badInput, money, requireCurrency, run, runOne, type EntityManager, type Money } from '@showstream/platform';
import type { AnalyticsConfig } from '../config.ts';
import {
  activeHolds,
  bookingFigures,
  funnelFigures,
  sales,
  showOccupancy,
  userFigures,
  type SalesResult,
} from './dashboard.queries.ts';
import { scopeParams, type Scope } from './scope.ts';

export interface BookingFigures {
  created: number;
  confirmed: number;
  cancelled: number;
  expired: number;
  failed: number;
  ticketsSold: number;
}

/** Money in one currency: the three amounts share it. Totals can pass 2^31 minor units (the schema's Long). */
export interface RevenueFigures {
  captured: Money;
  refunded: Money;
  net: Money;
}

export interface Funnel {
  seatHolds: number;
  bookingsCreated: number;
  paymentsSucceeded: number;
  holdToBookingRate: number | null;
  bookingToPaymentRate: number | null;
}

export interface ShowOccupancy {
  showId: string;
  eventId: string;
  city: string | null;
  startsAt: Date | null;
  cancelled: boolean;
  seatsTotal: number | null;
  seatsSold: number;
  occupancyRate: number | null;
}

/** One group of sales (a RevenuePoint): the Sales statement's row, its money as Money in the row's currency. */
export type SalesRow = Omit<SalesResult, 'captured' | 'refunded'> & RevenueFigures;

/** One event's sales among the top events: the event by id (resolved by the catalog), its figures. */
export type EventSalesRow = Pick<SalesRow, 'confirmedBookings' | 'ticketsSold'> & {
  eventId: NonNullable<SalesRow['eventId']>;
  revenue: RevenueFigures;
};

export interface UserFigures {
  activeUsers: number;
  newUsers: number;
  returningUsers: number;
  registrations: number;
}

const TIME_UNITS = ['DAY', 'WEEK', 'MONTH'] as const;
const DIMENSIONS = ['CITY', 'EVENT'] as const;
type TimeUnit = (typeof TIME_UNITS)[number];
type Dimension = (typeof DIMENSIONS)[number];
export interface Grouping {
  unit?: TimeUnit;
  dimension?: Dimension;
}

/** `groupBy` is a time unit, a dimension, or one of each: "DAY", "CITY", "MONTH,EVENT". */
export function parseGroupBy(groupBy: string): Grouping {
  const parts = groupBy
    .toUpperCase()
    .split(/[\s,+]+/)
    .filter(Boolean);
  const units = parts.filter((part): part is TimeUnit => (TIME_UNITS as readonly string[]).includes(part));
  const dimensions = parts.filter((part): part is Dimension => (DIMENSIONS as readonly string[]).includes(part));
  if (
    parts.length === 0 ||
    units.length + dimensions.length !== parts.length ||
    units.length > 1 ||
    dimensions.length > 1
  ) {
    throw badInput(
      'groupBy takes one of DAY, WEEK, MONTH and/or one of CITY, EVENT, e.g. "DAY" or "MONTH,CITY".',
      'groupBy',
    );
  }
  return { ...(units[0] ? { unit: units[0] } : {}), ...(dimensions[0] ? { dimension: dimensions[0] } : {}) };
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/**
 * The admin figures, each one SQL over the fact tables (see the schema's descriptions for what each
 * means). Periods are half-open, [from, to); money is in the reporting currency.
 */
export class DashboardService {
  readonly #em: EntityManager;
  readonly #currency: string;
  readonly #timeZone: string;

  constructor(em: EntityManager, config: Pick<AnalyticsConfig, 'ANALYTICS_CURRENCY' | 'ANALYTICS_TIME_ZONE'>) {
    this.#em = em;
    this.#currency = config.ANALYTICS_CURRENCY;
    this.#timeZone = config.ANALYTICS_TIME_ZONE;
  }

  #money = (amountMinor: number | string): Money => money(Number(amountMinor), this.#currency);

  zero = (): Money => this.#money(0);

  /** The currency `revenue`, `averageTicketPrice` and `topEvents` are in. */
  get reportingCurrency(): string {
    return this.#currency;
  }

  async bookings(scope: Scope): Promise<BookingFigures & { averageTicketPrice: Money | null }> {
    const figures = await runOne(this.#em, bookingFigures, { ...scopeParams(scope), currency: this.#currency });
    return {
      created: figures.created,
      confirmed: figures.confirmed,
      cancelled: figures.cancelled,
      expired: figures.expired,
      failed: figures.failed,
      ticketsSold: figures.tickets,
      // Half up, in minor units.
      averageTicketPrice:
        figures.priced_tickets > 0
          ? this.#money(Math.round(Number(figures.ticket_minor) / figures.priced_tickets))
          : null,
    };
  }

  async funnel(scope: Scope): Promise<Funnel> {
    const row = await runOne(this.#em, funnelFigures, scopeParams(scope));
    const { holds: seatHolds, bookings: bookingsCreated, payments: paymentsSucceeded } = row;
    return {
      seatHolds,
      bookingsCreated,
      paymentsSucceeded,
      holdToBookingRate: rate(bookingsCreated, seatHolds),
      bookingToPaymentRate: rate(paymentsSucceeded, bookingsCreated),
    };
  }

  /** Shows with bookings created in the period, fullest first; seats sold is what their confirmed bookings hold now. */
  async occupancy(scope: Scope, first: number): Promise<ShowOccupancy[]> {
    const rows = await run(this.#em, showOccupancy, { ...scopeParams(scope), limit: first });
    return rows.map((row) => ({
      showId: row.show_id,
      eventId: row.event_id,
      city: row.city,
      startsAt: row.starts_at === null ? null : new Date(row.starts_at),
      cancelled: row.cancelled_at !== null,
      seatsTotal: row.seats_total,
      seatsSold: row.seats_sold,
      occupancyRate: row.seats_total ? row.seats_sold / row.seats_total : null,
    }));
  }

  /** Holds placed and not yet released, expired or consumed, right now (the period does not apply). */
  async activeHolds(scope: Scope): Promise<{ holds: number; seats: number }> {
    return runOne(this.#em, activeHolds, scopeParams(scope));
  }

  /**
   * Money and confirmations in the period, grouped as asked: captured = payments succeeded (by their
   * succeededAt); refunded = refunds succeeded of those payments (by refund time); confirmed bookings
   * and their tickets by confirmation time. City and event come from the booking's show. Each row is
   * one currency's: in `currency` only (default: the reporting currency), or with `null` a row per
   * currency of every group.
   */
  async sales(
    scope: Scope,
    grouping: Grouping,
    order: 'period' | 'net' = 'period',
    limit?: number,
    currency: string | null = this.#currency,
  ): Promise<SalesRow[]> {
    const rows = await run(this.#em, sales, {
      ...scopeParams(scope),
      currency,
      timeZone: this.#timeZone,
      unit: grouping.unit?.toLowerCase() ?? null,
      byCity: grouping.dimension === 'CITY',
      byEvent: grouping.dimension === 'EVENT',
      byNet: order === 'net',
      limit: limit ?? null,
    });
    // bigint sums arrive as text: exact as numbers up to 2^53, which the Long scalar checks on the way out.
    return rows.map(({ captured, refunded, ...row }) => ({
      ...row,
      captured: money(Number(captured), row.currency),
      refunded: money(Number(refunded), row.currency),
      net: money(Number(captured) - Number(refunded), row.currency),
    }));
  }

  /** `revenue(currency:)`: an ISO 4217 code, or the reporting currency when none is given. */
  currencyOf(currency: string | null | undefined): string {
    return currency == null ? this.#currency : requireCurrency(currency.trim(), 'currency');
  }

  /**
   * Active users: distinct users who registered, signed in, held seats, booked or tracked an event
   * in the period (with a filter: who held seats or booked on its shows). New: those of them who
   * registered in the period; returning: the others. Registrations: every sign-up in the period,
   * not narrowed by a filter.
   */
  async users(scope: Scope): Promise<UserFigures> {
    const figures = await runOne(this.#em, userFigures, scopeParams(scope));
    return {
      activeUsers: figures.active,
      newUsers: figures.new_users,
      returningUsers: figures.active - figures.new_users,
      registrations: figures.registrations,
    };
  }
}

/** One dashboard request: each figure is computed only when selected, the booking figures once for the two fields that share them. */
export class DashboardView {
  readonly from: Date;
  readonly to: Date;
  readonly #service: DashboardService;
  readonly #scope: Scope;
  #bookings: ReturnType<DashboardService['bookings']> | undefined;

  constructor(service: DashboardService, scope: Scope) {
    this.#service = service;
    this.#scope = scope;
    this.from = scope.from;
    this.to = scope.to;
  }

  bookings = () => (this.#bookings ??= this.#service.bookings(this.#scope));
  averageTicketPrice = async () => (await this.bookings()).averageTicketPrice;
  revenue = async (): Promise<RevenueFigures> => {
    // No sales in the period: no row, and every figure is zero.
    const [total] = await this.#service.sales(this.#scope, {});
    return total ?? { captured: this.#service.zero(), refunded: this.#service.zero(), net: this.#service.zero() };
  };
  /** A row per currency with sales (bookings confirmed, or money) in the period: the reporting currency first, then by code. */
  revenueByCurrency = async (): Promise<RevenueFigures[]> => {
    const reporting = this.#service.reportingCurrency;
    const rows = await this.#service.sales(this.#scope, {}, 'period', undefined, null);
    return rows
      .map(({ captured, refunded, net }) => ({ captured, refunded, net }))
      .sort(
        (a, b) =>
          Number(b.net.currency === reporting) - Number(a.net.currency === reporting) ||
          a.net.currency.localeCompare(b.net.currency),
      );
  };
  funnel = () => this.#service.funnel(this.#scope);
  occupancy = (first: number) => this.#service.occupancy(this.#scope, first);
  activeHolds = () => this.#service.activeHolds(this.#scope);
  topEvents = async (first: number): Promise<EventSalesRow[]> =>
    // One more than asked, in case the group of payments whose show is unknown is among them.
    (await this.#service.sales(this.#scope, { dimension: 'EVENT' }, 'net', first + 1))
      .flatMap((row) =>
        row.eventId === null
          ? []
          : [
              {
                eventId: row.eventId,
                confirmedBookings: row.confirmedBookings,
                ticketsSold: row.ticketsSold,
                revenue: row,
              },
            ],
      )
      .slice(0, first);
}
