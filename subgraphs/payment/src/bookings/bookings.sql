/* @name RecordBookingCreated */
insert into booking_projection
  (booking_id, reference, user_id, show_id, total_minor, final_minor, currency, expires_at, show_starts_at)
values (
  :bookingId!, :reference!, :userId!, :showId!, :totalMinor!, :finalMinor!, :currency!, :expiresAt!, :showStartsAt
)
on conflict (booking_id) do nothing;

/* @name ConfirmBookingProjection */
update booking_projection set status = 'CONFIRMED', confirmed_payment_id = :paymentId!, updated_at = now()
where booking_id = :bookingId! and status = 'PENDING';

/* @name LockBookingStatus */
select status from booking_projection where booking_id = :bookingId! for update;

/* @name SetBookingStatus */
update booking_projection set status = :status!, updated_at = now() where booking_id = :bookingId!;

/* @name PaymentToRefundForCancellation */
-- The payment the booking was confirmed with first (duplicates were refunded when they arrived).
select p.id from payment_transactions p join booking_projection b on b.booking_id = p.booking_id
where p.booking_id = :bookingId! and p.status in ('SUCCEEDED', 'PARTIALLY_REFUNDED')
order by (p.id = b.confirmed_payment_id) desc, p.succeeded_at
limit 1;
