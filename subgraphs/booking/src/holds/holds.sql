/* @name RecordHold */
insert into booking_holds (lock_id, show_id, user_id, seats, total_minor, currency, expires_at, show_starts_at, status)
values (:lockId!, :showId!, :userId!, :seats!, :totalMinor!, :currency!, :expiresAt!, :showStartsAt!, :status!)
on conflict (lock_id) do nothing;

/* @name EndHold */
update booking_holds set status = :status!, updated_at = now() where lock_id = :lockId! and status = 'ACTIVE';

/* @name ReleaseHoldsOfShow */
update booking_holds set status = 'RELEASED', updated_at = now() where show_id = :showId! and status = 'ACTIVE';
