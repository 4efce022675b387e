/* @name HoldSeats */
select inventory_hold(:showId!, :userId!, :seatNumbers!, :maxSeats!, :lockId!, :holdMs!) as "result!";

/* @name ReleaseHold */
select inventory_release(:lockId!, :userId!, :anyHolder!) as "result!";

/* @name EndHold */
-- Null when the show is unknown here.
select inventory_end_hold(:lockId!, :showId!, :status!) as freed;

/* @name FreeBookedSeats */
-- Null when the show is unknown here.
select inventory_free_seats(:showId!, null, :bookingId!) as freed;

/* @name DueHolds */
select id, show_id, user_id, status, booking_id, currency from seat_locks
where status = 'ACTIVE' and expires_at <= now()
order by show_id, expires_at
limit :limit!
for update skip locked;

/* @name SeatsOfHold */
-- The seat columns every statement that shows seats selects (SeatViewSource, seat.entity.ts).
select seat_number, row_label, seat_type, price_minor, status, locked_until, held_price_minor, lock_id
from seat_inventory
where show_id = :showId! and seat_number = any(:seatNumbers!)
order by position;

/* @name HoldWithSeats */
-- The hold, its show's start and its seats, one row per seat in seat order; the seat columns are the ones every
-- statement that shows seats selects (SeatViewSource, seat.entity.ts).
select l.id, l.show_id, l.user_id, l.status as hold_status, l.total_minor, l.currency, l.expires_at, s.starts_at,
  i.seat_number, i.row_label, i.seat_type, i.price_minor, i.status, i.locked_until, i.held_price_minor, i.lock_id
from seat_locks l
join show_inventory s on s.show_id = l.show_id
join seat_inventory i on i.show_id = l.show_id and i.seat_number = any(l.seat_numbers)
where l.id = :lockId!
order by i.seat_number;
