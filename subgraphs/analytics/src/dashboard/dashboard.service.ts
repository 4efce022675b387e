import { badInput, money, query, queryOne, type EntityManager, type Money } from '@showstream/platform';
import type { AnalyticsConfig } from '../config.ts';
import { inScope, type Scope } from './scope.ts';

export interface BookingFigures {
  created: number;
  confirmed: number;
  cancelled: number;
  expired: number;
  failed: number;
  ticketsSold: number;
}

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

export interface SalesRow extends RevenueFigures {
  periodStart: Date | null;
  city: string | null;
  eventId: string | null;
  confirmedBookings: number;
  ticketsSold: number;
}

/** One event's sales among the top events: the event by id (resolved by the catalog), its figures. */
export interface EventSalesRow {
  eventId: string;
  confirmedBookings: number;
  ticketsSold: number;
  revenue: RevenueFigures;
}

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

  #money = (amountMinor: number | string | null): Money => money(Number(amountMinor ?? 0), this.#currency);

  async bookings({ from, to, filter }: Scope): Promise<BookingFigures & { averageTicketPrice: Money | null }> {
    const scope = inScope(filter, 'b.show_id');
    const row = await queryOne<{
      created: number;
      confirmed: number;
      cancelled: number;
      expired: number;
      failed: number;
      tickets: number;
      priced_tickets: number;
      ticket_minor: string;
    }>(
      this.#em,
      `select count(*) filter (where created_at >= ? and created_at < ?)::int as created,
              count(*) filter (where confirmed_at >= ? and confirmed_at < ?)::int as confirmed,
              count(*) filter (where status = 'CANCELLED' and ended_at >= ? and ended_at < ?)::int as cancelled,
              count(*) filter (where status = 'EXPIRED' and ended_at >= ? and ended_at < ?)::int as expired,
              count(*) filter (where status = 'FAILED' and ended_at >= ? and ended_at < ?)::int as failed,
              coalesce(sum(seat_count) filter (where confirmed_at >= ? and confirmed_at < ?), 0)::int as tickets,
              coalesce(sum(seat_count) filter (where confirmed_at >= ? and confirmed_at < ? and currency = ?), 0)::int as priced_tickets,
              coalesce(sum(total_minor) filter (where confirmed_at >= ? and confirmed_at < ? and currency = ?), 0)::bigint as ticket_minor
         from booking_facts b where ${scope.sql}`,
      [
        from,
        to,
        from,
        to,
        from,
        to,
        from,
        to,
        from,
        to,
        from,
        to,
        from,
        to,
        this.#currency,
        from,
        to,
        this.#currency,
        ...scope.params,
      ],
    );
    const figures = row;
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

  async funnel({ from, to, filter }: Scope): Promise<Funnel> {
    const holds = inScope(filter, 'h.show_id');
    const bookings = inScope(filter, 'b.show_id');
    const payments = inScope(filter, 'b.show_id');
    const row = await queryOne<{ holds: number; bookings: number; payments: number }>(
      this.#em,
      `select (select count(*) from hold_facts h where h.placed_at >= ? and h.placed_at < ? and ${holds.sql})::int as holds,
              (select count(*) from booking_facts b where b.created_at >= ? and b.created_at < ? and ${bookings.sql})::int as bookings,
              (select count(*) from payment_facts p left join booking_facts b on b.booking_id = p.booking_id
                where p.succeeded_at >= ? and p.succeeded_at < ? and ${payments.sql})::int as payments`,
      [from, to, ...holds.params, from, to, ...bookings.params, from, to, ...payments.params],
    );
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
  async occupancy({ from, to, filter }: Scope, first: number): Promise<ShowOccupancy[]> {
    const scope = inScope(filter, 'b.show_id');
    const rows = await query<{
      show_id: string;
      event_id: string;
      city: string | null;
      starts_at: Date | null;
      cancelled_at: Date | null;
      seats_total: number | null;
      seats_sold: number;
    }>(
      this.#em,
      `select * from (
         select s.show_id, s.event_id, s.city, s.starts_at, s.cancelled_at, s.seats_total,
                coalesce((select sum(c.seat_count) from booking_facts c where c.show_id = s.show_id and c.status = 'CONFIRMED'), 0)::int as seats_sold
           from show_facts s
          where s.show_id in (select b.show_id from booking_facts b where b.created_at >= ? and b.created_at < ? and ${scope.sql})
       ) shows
       order by seats_sold::float / nullif(seats_total, 0) desc nulls last, show_id
       limit ?`,
      [from, to, ...scope.params, first],
    );
    return rows.map((row) => ({
      showId: row.show_id,
      eventId: row.event_id,
      city: row.city,
      startsAt: row.starts_at,
      cancelled: row.cancelled_at !== null,
      seatsTotal: row.seats_total,
      seatsSold: row.seats_sold,
      occupancyRate: row.seats_total ? row.seats_sold / row.seats_total : null,
    }));
  }

  /** Holds placed and not yet released, expired or consumed, right now (the period does not apply). */
  async activeHolds({ filter }: Scope): Promise<{ holds: number; seats: number }> {
    const scope = inScope(filter, 'h.show_id');
    const row = await queryOne<{ holds: number; seats: number }>(
      this.#em,
      `select count(*)::int as holds, coalesce(sum(seat_count), 0)::int as seats from hold_facts h
        where h.status = 'ACTIVE' and h.expires_at > now() and ${scope.sql}`,
      scope.params,
    );
    return row;
  }

  /**
   * Money and confirmations in the period, grouped as asked: captured = payments succeeded (by their
   * succeededAt); refunded = refunds succeeded of those payments (by refund time); confirmed bookings
   * and their tickets by confirmation time. City and event come from the booking's show.
   */
  async sales(
    { from, to, filter }: Scope,
    grouping: Grouping,
    order: 'period' | 'net' = 'period',
    limit?: number,
  ): Promise<SalesRow[]> {
    const scope = inScope(filter, 's.show_id');
    const columns: string[] = [];
    // The select list's parameters, which come after the CTE's in the statement.
    const params: unknown[] = [];
    if (grouping.unit) {
      columns.push('date_trunc(?, s.at, ?) as period_start');
      params.push(grouping.unit.toLowerCase(), this.#timeZone);
    } else columns.push('null::timestamptz as period_start');
    columns.push(grouping.dimension === 'CITY' ? 'sh.city' : 'null::text as city');
    columns.push(grouping.dimension === 'EVENT' ? 'sh.event_id' : 'null::uuid as event_id');
    const groupBy = [
      grouping.unit ? '1' : undefined,
      grouping.dimension === 'CITY' ? '2' : undefined,
      grouping.dimension === 'EVENT' ? '3' : undefined,
    ].filter(Boolean);
    const orderBy =
      order === 'net'
        ? '(sum(s.captured) - sum(s.refunded)) desc, sum(s.confirmed) desc, 3'
        : '1, (sum(s.captured) - sum(s.refunded)) desc, 2, 3';
    const rows = await query<{
      period_start: Date | null;
      city: string | null;
      event_id: string | null;
      captured: string;
      refunded: string;
      confirmed: number;
      tickets: number;
    }>(
      this.#em,
      `with sales as (
         select p.succeeded_at as at, b.show_id, p.amount_minor::bigint as captured, 0::bigint as refunded, 0 as confirmed, 0 as tickets
           from payment_facts p left join booking_facts b on b.booking_id = p.booking_id
          where p.succeeded_at >= ? and p.succeeded_at < ? and p.currency = ?
         union all
         select r.succeeded_at, b.show_id, 0, r.amount_minor, 0, 0
           from refund_facts r join payment_facts p on p.payment_id = r.payment_id and p.succeeded_at is not null
           left join booking_facts b on b.booking_id = r.booking_id
          where r.succeeded_at >= ? and r.succeeded_at < ? and r.currency = ?
         union all
         select b.confirmed_at, b.show_id, 0, 0, 1, b.seat_count
           from booking_facts b where b.confirmed_at >= ? and b.confirmed_at < ?
       )
       select ${columns.join(', ')}, sum(s.captured)::bigint as captured, sum(s.refunded)::bigint as refunded,
              sum(s.confirmed)::int as confirmed, sum(s.tickets)::int as tickets
         from sales s left join show_facts sh on sh.show_id = s.show_id
        where ${scope.sql}
        ${groupBy.length ? `group by ${groupBy.join(', ')}` : ''}
        ${groupBy.length ? `order by ${orderBy}` : ''}
        ${limit ? 'limit ?' : ''}`,
      [
        from,
        to,
        this.#currency,
        from,
        to,
        this.#currency,
        from,
        to,
        ...params,
        ...scope.params,
        ...(limit ? [limit] : []),
      ],
    );
    return rows.map((row) => ({
      periodStart: row.period_start,
      city: row.city,
      eventId: row.event_id,
      confirmedBookings: row.confirmed ?? 0,
      ticketsSold: row.tickets ?? 0,
      captured: this.#money(row.captured),
      refunded: this.#money(row.refunded),
      net: this.#money(Number(row.captured ?? 0) - Number(row.refunded ?? 0)),
    }));
  }

  /**
   * Active users: distinct users who registered, signed in, held seats, booked or tracked an event
   * in the period (with a filter: who held seats or booked on its shows). New: those of them who
   * registered in the period; returning: the others. Registrations: every sign-up in the period,
   * not narrowed by a filter.
   */
  async users({ from, to, filter }: Scope): Promise<UserFigures> {
    const scope = inScope(filter, 'a.show_id');
    const row = await queryOne<{ active: number; new_users: number; registrations: number }>(
      this.#em,
      `with active as (select distinct a.user_id from user_activity a where a.occurred_at >= ? and a.occurred_at < ? and ${scope.sql})
       select (select count(*) from active)::int as active,
              (select count(*) from active join user_facts u on u.user_id = active.user_id where u.registered_at >= ? and u.registered_at < ?)::int as new_users,
              (select count(*) from user_facts where registered_at >= ? and registered_at < ?)::int as registrations`,
      [from, to, ...scope.params, from, to, from, to],
    );
    const figures = row;
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
    const [total] = await this.#service.sales(this.#scope, {});
    if (!total) throw new Error('an ungrouped sum answers one row');
    return total;
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
