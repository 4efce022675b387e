/* @name LockBookingProjection */
select 1 as "locked!" from booking_projection where booking_id = :bookingId! for update;

/* @name ActivePaymentStatus */
select status from payment_transactions
where booking_id = :bookingId! and status in ('PROCESSING', 'SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED') limit 1;

/* @name OtherCapturedPayment */
select id from payment_transactions
where booking_id = :bookingId! and id <> :paymentId! and status = any(:statuses!)
limit 1;

/* @name InsertPayment */
-- A retried initiation (same user, same idempotency key) inserts nothing and returns no row.
insert into payment_transactions
  (id, transaction_id, booking_id, user_id, idempotency_key, payment_gateway, amount_minor, currency, payment_method)
values (:id!, :transactionId!, :bookingId!, :userId!, :idempotencyKey!, :gateway!, :amountMinor!, :currency!, :method!)
on conflict (user_id, idempotency_key) do nothing
returning id;

/* @name LockPaymentStatus */
select status, failure_code from payment_transactions where id = :paymentId! for update;

/* @name StartProcessing */
update payment_transactions set status = 'PROCESSING', payment_token = :token!, updated_at = now()
where id = :paymentId!;

/* @name ReturnToConfirmation */
-- A send that surely never reached the gateway leaves the payment to be confirmed again.
update payment_transactions set status = 'REQUIRES_CONFIRMATION', updated_at = now()
where id = :paymentId! and status = 'PROCESSING';

/* @name LockBookingForPayment */
select status, confirmed_payment_id from booking_projection where booking_id = :bookingId! for update;

/* @name RecordPendingOutcome */
update payment_transactions
set gateway_transaction_id = :gatewayTransactionId!, gateway_response = :response!, updated_at = now()
where id = :paymentId! and status = 'PROCESSING';

/* @name RecordDeclinedResponse */
update payment_transactions
set gateway_transaction_id = coalesce(:gatewayTransactionId, gateway_transaction_id), gateway_response = :response!
where id = :paymentId!;

/* @name SucceedPayment */
update payment_transactions set status = 'SUCCEEDED', failure_code = null, failure_reason = null,
  succeeded_at = :succeededAt!, gateway_transaction_id = :gatewayTransactionId!, gateway_response = :response!,
  updated_at = now()
where id = :paymentId!;

/* @name FailPayment */
update payment_transactions set status = 'FAILED', failure_code = :code!, failure_reason = :reason!, updated_at = now()
where id = :paymentId!;
