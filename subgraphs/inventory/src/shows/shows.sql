/* @name BumpShowVersion */
-- The change announceSeatChange writes its event with (Outbox.addWith wraps it in the outbox insert).
update show_inventory
set version = version + 1, available = available + :available!, locked = locked + :locked!, booked = booked + :booked!,
  updated_at = now()
where show_id = :showId!
returning version;
