/* @name InsertSnapshots */
insert into inventory_snapshots (show_id, total_seats, available_seats, locked_seats, booked_seats)
select show_id, total_seats, available, locked, booked from show_inventory where status = 'ON_SALE' and ends_at > now()
returning show_id;
