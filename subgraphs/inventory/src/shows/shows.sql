/* @name BumpShowVersion */
-- The change announceSeatChange writes its event with (Outbox.addWith wraps it in the outbox insert).
update show_inventory
set version = version + 1, available = available + :available!, locked = locked + :locked!, booked = booked + :booked!,
  updated_at = now()
where show_id = :showId!
returning version;

/* @name CreateShowInventory */
-- A redelivered ShowScheduled inserts nothing and returns no row.
insert into show_inventory (show_id, event_id, starts_at, ends_at, currency, version, total_seats, available)
values (:showId!, :eventId!, :startsAt!, :endsAt!, :currency!, 1, :seatCount!, :seatCount!)
on conflict (show_id) do nothing
returning show_id;

/* @name LockShowInventory */
select status, currency from show_inventory where show_id = :showId! for update;

/* @name CancelShowInventory */
update show_inventory set status = 'CANCELLED', updated_at = now() where show_id = :showId!;

/* @name ActiveHoldsOfShow */
select id, show_id, user_id, status, booking_id, currency from seat_locks
where show_id = :showId! and status = 'ACTIVE'
for update;

/* @name BlockAvailableSeats */
-- Returns the seat columns every statement that shows seats selects (SeatViewSource, seat.entity.ts).
update seat_inventory set status = 'BLOCKED', updated_at = now()
where show_id = :showId! and status = 'AVAILABLE'
returning seat_number, row_label, seat_type, price_minor, status, locked_until, held_price_minor, lock_id;
