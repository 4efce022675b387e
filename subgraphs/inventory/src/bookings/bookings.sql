/* @name LockHold */
select id, show_id, user_id, status, booking_id, currency, seat_numbers from seat_locks where id = :lockId! for update;

/* @name LockHoldSeats */
-- Each of the hold's seats, and whether the hold still has it and it has not run out.
select id, (status = 'LOCKED' and lock_id = :lockId! and locked_until > clock_timestamp()) as held
from seat_inventory
where show_id = :showId! and seat_number = any(:seatNumbers!)
order by seat_number
for update;

/* @name KeepSeatsForBooking */
-- Kept past the hold's own expiry, at most until the show is over (so a lost event cannot keep seats forever).
update seat_inventory
set locked_until = greatest(locked_until, (select ends_at from show_inventory where show_id = :showId!)),
  updated_at = now()
where id = any(:seatIds!);

/* @name ConsumeHold */
update seat_locks set status = 'CONSUMED', booking_id = :bookingId! where id = :lockId!;

/* @name LockConsumedSeats */
select id from seat_inventory where lock_id = :lockId! and status = 'LOCKED' order by seat_number for update;

/* @name BookConsumedSeats */
-- Returns the seat columns every statement that shows seats selects (SeatViewSource, seat.entity.ts), each at
-- the price it was held at.
update seat_inventory
set status = 'BOOKED', booking_id = :bookingId!, lock_id = null, locked_by = null, locked_until = null,
  updated_at = now()
where lock_id = :lockId! and status = 'LOCKED'
returning seat_number, row_label, seat_type, coalesce(held_price_minor, price_minor) as "price_minor!", status,
  locked_until, held_price_minor, lock_id;
