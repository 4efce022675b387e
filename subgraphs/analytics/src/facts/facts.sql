/* @name RecordShowScheduled */
insert into show_facts (show_id, event_id, venue_id, city, starts_at, seats_total, currency)
values (:showId!, :eventId!, :venueId!, :city!, :startsAt!, :seatsTotal!, :currency!)
on conflict (show_id) do update set event_id = excluded.event_id, venue_id = excluded.venue_id, city = excluded.city,
  starts_at = excluded.starts_at, seats_total = excluded.seats_total, currency = excluded.currency, updated_at = now();

/* @name RecordShowCancelled */
insert into show_facts (show_id, event_id, cancelled_at) values (:showId!, :eventId!, :cancelledAt!)
on conflict (show_id) do update
set cancelled_at = coalesce(show_facts.cancelled_at, excluded.cancelled_at), updated_at = now();

/* @name RecordHoldPlaced */
insert into hold_facts (lock_id, show_id, user_id, seat_count, total_minor, currency, placed_at, expires_at)
values (:lockId!, :showId!, :userId!, :seatCount!, :totalMinor!, :currency!, :placedAt!, :expiresAt!)
on conflict (lock_id) do nothing;

/* @name EndHold */
-- Only a hold still waiting ends here: a consumed hold's later release belongs to its booking's outcome.
update hold_facts set status = :status!, ended_at = :endedAt! where lock_id = :lockId! and status = 'ACTIVE';

/* @name RecordBookingCreated */
insert into booking_facts
  (booking_id, user_id, show_id, status, seat_count, total_minor, final_minor, currency, created_at)
values (:bookingId!, :userId!, :showId!, 'PENDING', :seatCount!, :totalMinor!, :finalMinor!, :currency!, :createdAt!)
on conflict (booking_id) do update set created_at = coalesce(booking_facts.created_at, excluded.created_at);

/* @name EndBooking */
-- A booking ends once; its end is counted with its status when it happened.
update booking_facts set status = :status!, ended_at = :endedAt!
where booking_id = :bookingId! and ended_at is null
returning booking_id;

/* @name LockBookingConfirmation */
select confirmed_at from booking_facts where booking_id = :bookingId! for update;

/* @name RecordBookingConfirmed */
-- The confirmation carries what the booking sold, so it stands even if its creation was never seen.
insert into booking_facts
  (booking_id, user_id, show_id, status, seat_count, total_minor, final_minor, currency, confirmed_at)
values (
  :bookingId!, :userId!, :showId!, 'CONFIRMED', :seatCount!, :totalMinor!, :finalMinor!, :currency!, :confirmedAt!
)
on conflict (booking_id) do update set confirmed_at = excluded.confirmed_at,
  status = case when booking_facts.ended_at is null then 'CONFIRMED' else booking_facts.status end;

/* @name RecordPaymentInitiated */
insert into payment_facts (payment_id, booking_id, user_id, amount_minor, currency, status, initiated_at)
values (:paymentId!, :bookingId!, :userId!, :amountMinor!, :currency!, 'INITIATED', :initiatedAt!)
on conflict (payment_id) do update set initiated_at = coalesce(payment_facts.initiated_at, excluded.initiated_at);

/* @name LockPaymentSuccess */
select succeeded_at from payment_facts where payment_id = :paymentId! for update;

/* @name RecordPaymentSucceeded */
insert into payment_facts (payment_id, booking_id, user_id, amount_minor, currency, status, succeeded_at)
values (:paymentId!, :bookingId!, :userId!, :amountMinor!, :currency!, 'SUCCEEDED', :succeededAt!)
on conflict (payment_id) do update
set status = 'SUCCEEDED', succeeded_at = excluded.succeeded_at, amount_minor = excluded.amount_minor;

/* @name RecordPaymentFailed */
-- A decline reported after the gateway took the money (out of order) does not undo the success.
update payment_facts
set status = case when succeeded_at is null then 'FAILED' else status end, failure_code = :code!,
  failed_at = coalesce(failed_at, :failedAt!)
where payment_id = :paymentId!;

/* @name RecordRefundSucceeded */
insert into refund_facts (refund_id, payment_id, booking_id, amount_minor, currency, reason, succeeded_at)
values (:refundId!, :paymentId!, :bookingId!, :amountMinor!, :currency!, :reason!, :succeededAt!)
on conflict (refund_id) do nothing
returning refund_id;

/* @name AnnouncedPayment */
select 1 as "found!" from payment_facts where payment_id = :paymentId! and succeeded_at is not null;

/* @name RecordUserRegistered */
insert into user_facts (user_id, registered_at) values (:userId!, :registeredAt!)
on conflict (user_id) do nothing
returning user_id;

/* @name RecordActivity */
insert into user_activity (source_id, user_id, kind, show_id, occurred_at)
values (:sourceId!, :userId!, :kind!, :showId, :occurredAt!)
on conflict (source_id) do nothing;
