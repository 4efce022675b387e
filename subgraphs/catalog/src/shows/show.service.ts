import { LockMode } from '@mikro-orm/core';
import {
  badInput,
  conflict,
  encodeCursor,
  escapeLike,
  instantFromLocal,
  notFound,
  pageRequest,
  parseInput,
  requireCurrency,
  requireUuid,
  toConnection,
  type Connection,
  type EntityManager,
  type Outbox,
} from '@showstream/platform';
import type { CatalogConfig } from '../config.ts';
import { EventSchema } from '../events/event.entity.ts';
import { sellableSeats } from '../screens/layout.ts';
import { ScreenSchema } from '../screens/screen.entity.ts';
import { showSchema } from '../validation.ts';
import { VenueSchema } from '../venues/venue.entity.ts';
import { showPrices } from './pricing.ts';
import { ShowSchema, type Show } from './show.entity.ts';

export interface ShowFilter {
  eventId?: string | null;
  venueId?: string | null;
  city?: string | null;
  from?: Date | null;
  to?: Date | null;
}

const EXCLUSION_VIOLATION = '23P01';

/**
 * Scheduling and cancelling shows. Each change and its event for inventory (and, on
 * cancellation, booking) commit together through the outbox, keyed by show id on
 * `inventory-events`, so every later seat event of a show follows its ShowScheduled.
 */
export class ShowService {
  readonly #em: EntityManager;
  readonly #outbox: Outbox;
  readonly #config: CatalogConfig;

  constructor(em: EntityManager, outbox: Outbox, config: CatalogConfig) {
    this.#em = em;
    this.#outbox = outbox;
    this.#config = config;
  }

  /**
   * A show starts at an instant (`startsAt`) or at a local date-time on the venue's clocks
   * (`startsAtLocal`, read in the venue's zone): exactly one of the two. Every check, the local
   * time's included, runs before anything is written.
   */
  async schedule(input: unknown): Promise<Show> {
    const data = parseInput(showSchema, input);
    // Prices are in an ISO 4217 currency, one per show (a booking's seats are priced in one currency).
    requireCurrency(data.basePrice.currency, 'basePrice.currency');
    for (const [index, price] of (data.seatTypePrices ?? []).entries()) {
      requireCurrency(price.price.currency, `seatTypePrices.${index}.price.currency`);
    }
    const startField = data.startsAtLocal == null ? 'startsAt' : 'startsAtLocal';
    if (data.startsAt == null && data.startsAtLocal == null)
      throw badInput(
        "Give the start as an instant (startsAt) or as the venue's local time (startsAtLocal).",
        'startsAt',
      );
    if (data.startsAt != null && data.startsAtLocal != null)
      throw badInput('Give the start as startsAt or as startsAtLocal, not both.', 'startsAtLocal');
    if (data.startsAt && data.startsAt.getTime() <= Date.now())
      throw badInput('A show must start in the future.', 'startsAt');
    const em = this.#em.fork();
    const [event, screen] = await Promise.all([
      em.findOne(EventSchema, { id: data.eventId }),
      em.findOne(ScreenSchema, { id: data.screenId }),
    ]);
    if (!event) throw notFound('Event', data.eventId);
    if (!screen) throw notFound('Screen', data.screenId);
    if (!event.isActive) throw badInput('This event is archived; restore it before scheduling shows.', 'eventId');
    const venue = await em.findOneOrFail(VenueSchema, { id: screen.venueId });
    const startsAt = data.startsAt ?? instantFromLocal(data.startsAtLocal ?? '', venue.timeZone, 'startsAtLocal');
    if (startsAt.getTime() <= Date.now()) throw badInput('A show must start in the future.', startField);

    const layout = screen.seatingLayout;
    const explicit = new Map<string, number>();
    for (const [index, price] of (data.seatTypePrices ?? []).entries()) {
      if (!layout.seatTypes.some((type) => type.seatType === price.seatType)) {
        throw badInput(`${screen.name} has no ${price.seatType} seats.`, `seatTypePrices.${index}.seatType`);
      }
      if (price.price.currency !== data.basePrice.currency)
        throw badInput('All prices of a show use one currency.', `seatTypePrices.${index}.price.currency`);
      explicit.set(price.seatType, price.price.amountMinor);
    }
    const durationMinutes = event.durationMinutes ?? this.#config.DEFAULT_SHOW_DURATION_MINUTES;
    const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
    const blockedUntil = new Date(endsAt.getTime() + this.#config.CHANGEOVER_MINUTES * 60_000);
    const prices = showPrices(data.basePrice.amountMinor, layout.seatTypes, explicit, data.basePrice.currency);
    const seats = sellableSeats(layout);

    try {
      return await em.transactional(async (tx) => {
        const show = tx.create(ShowSchema, {
          eventId: event.id,
          screenId: screen.id,
          venueId: venue.id,
          city: venue.city,
          startsAt,
          endsAt,
          blockedUntil,
          basePriceMinor: data.basePrice.amountMinor,
          currency: data.basePrice.currency,
          seatTypePrices: prices,
          dynamicPricingEnabled: data.dynamicPricingEnabled ?? false,
          totalSeats: seats.length,
        });
        const priceByType = new Map(prices.map((price) => [price.seatType, price.amountMinor]));
        // The layout's seat types are the ones priced (parseLayout checks each seat's type is declared).
        const priceOf = (seatType: string) => {
          const price = priceByType.get(seatType);
          if (price === undefined) throw new Error(`seat type ${seatType} has no price`);
          return price;
        };
        await this.#outbox.add(tx, 'inventory-events', {
          type: 'ShowScheduled',
          key: show.id,
          data: {
            showId: show.id,
            eventId: event.id,
            eventTitle: event.title,
            screenId: screen.id,
            venueId: venue.id,
            city: venue.city,
            startsAt: show.startsAt.toISOString(),
            endsAt: show.endsAt.toISOString(),
            currency: show.currency,
            dynamicPricingEnabled: show.dynamicPricingEnabled,
            seatTypes: prices,
            seats: seats.map((seat) => ({ ...seat, priceMinor: priceOf(seat.seatType) })),
            venueName: venue.name,
            venueAddress: venue.address ?? null,
            timeZone: venue.timeZone,
          },
        });
        await tx.flush();
        return show;
      });
    } catch (error) {
      if ((error as { code?: string }).code === EXCLUSION_VIOLATION) {
        throw badInput(
          `${screen.name} already has a show in that slot (each show blocks its screen for the event's ${durationMinutes} minutes plus a ${this.#config.CHANGEOVER_MINUTES}-minute changeover).`,
          startField,
        );
      }
      throw error;
    }
  }

  async cancel(id: string, reason: string): Promise<Show> {
    const trimmed = reason.trim();
    if (!trimmed) throw badInput('Give a reason: customers see it.', 'reason');
    if (trimmed.length > 500) throw badInput('Keep the reason under 500 characters.', 'reason');
    return this.#em.fork().transactional(async (tx) => {
      const show = await tx.findOne(
        ShowSchema,
        { id: requireUuid(id, 'Show') },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!show) throw notFound('Show', id);
      if (show.status === 'CANCELLED') return show;
      if (show.startsAt.getTime() <= Date.now())
        throw conflict('This show has already started and can no longer be cancelled.');
      show.status = 'CANCELLED';
      show.cancellationReason = trimmed;
      await this.#outbox.add(tx, 'inventory-events', {
        type: 'ShowCancelled',
        key: show.id,
        data: { showId: show.id, eventId: show.eventId, reason: trimmed, startsAt: show.startsAt.toISOString() },
      });
      return show;
    });
  }

  /** Scheduled shows from `from` (default now), earliest first. */
  async list(
    filter: ShowFilter | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<Show>> {
    const page = pageRequest(first, after);
    const where: Record<string, unknown>[] = [{ status: 'SCHEDULED', startsAt: { $gte: filter?.from ?? new Date() } }];
    if (filter?.to) where.push({ startsAt: { $lt: filter.to } });
    if (filter?.eventId) where.push({ eventId: requireUuid(filter.eventId, 'Event') });
    if (filter?.venueId) where.push({ venueId: requireUuid(filter.venueId, 'Venue') });
    if (filter?.city) where.push({ city: { $ilike: escapeLike(filter.city.trim()) } });
    const cursor = page.after
      ? [
          {
            $or: [
              { startsAt: { $gt: new Date(page.after.sortValue) } },
              { startsAt: new Date(page.after.sortValue), id: { $gt: page.after.id } },
            ],
          },
        ]
      : [];
    const [rows, totalCount] = await Promise.all([
      this.#em.find(
        ShowSchema,
        { $and: [...where, ...cursor] },
        { orderBy: { startsAt: 'asc', id: 'asc' }, limit: page.first + 1 },
      ),
      this.#em.fork().count(ShowSchema, { $and: where }),
    ]);
    return toConnection(rows, page, totalCount, (show) => encodeCursor(show.startsAt.toISOString(), show.id));
  }
}
