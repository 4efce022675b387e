import { DateTimeScalar, isUuid, money, viewer } from '@showstream/platform';
import { SeatLockSchema } from './locks/seat-lock.entity.ts';
import type { SeatView } from './seats/seat.entity.ts';
import type { Resolvers } from './generated/resolvers.ts';

const seatWithMoney = (seat: SeatView, currency: string) => ({ ...seat, price: money(seat.priceMinor, currency) });
const zeroAvailability = { total: 0, available: 0, locked: 0, booked: 0 };

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    seatMap: (_parent, { showId }, ctx) => ctx.seatMaps.seatMap(showId),
    seatLock: (_parent, { id }, ctx) => ctx.locks.getForViewer(viewer(ctx), id),
    myActiveLocks: (_parent, _args, ctx) => ctx.locks.activeFor(viewer(ctx)),
  },
  Mutation: {
    lockSeats: (_parent, args, ctx) => ctx.locks.lock(viewer(ctx), args.showId, args.seatNumbers),
    releaseSeats: (_parent, { lockId }, ctx) => ctx.locks.release(viewer(ctx), lockId),
  },
  SeatMap: {
    seats: (map) => map.seats.map((seat) => seatWithMoney(seat, map.currency)),
  },
  Show: {
    __resolveReference: (reference) => reference,
    seatMap: (show, _args, ctx) => ctx.seatMaps.seatMap(show.id),
    availability: async (show, _args, ctx) => {
      const inventory = isUuid(show.id) ? await ctx.loaders.showInventory.load(show.id) : undefined;
      return inventory
        ? {
            total: inventory.totalSeats,
            available: inventory.available,
            locked: inventory.locked,
            booked: inventory.booked,
          }
        : zeroAvailability;
    },
  },
  SeatLock: {
    __resolveReference: (reference, ctx) =>
      isUuid(reference.id) ? ctx.em.findOne(SeatLockSchema, { id: reference.id }) : null,
    show: (lock) => ({ id: lock.showId }),
    total: (lock) => money(lock.totalMinor, lock.currency),
    // A hold past its time is over even before the sweeper has freed its seats.
    status: (lock) => (lock.status === 'ACTIVE' && lock.expiresAt.getTime() <= Date.now() ? 'EXPIRED' : lock.status),
    seats: async (lock, _args, ctx) =>
      (await ctx.locks.seatsOf(lock)).map((seat) => seatWithMoney(seat, lock.currency)),
  },
};
