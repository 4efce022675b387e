/* @name LockPaymentForRefund */
select id, transaction_id, booking_id, user_id, payment_gateway, gateway_transaction_id, amount_minor, refunded_minor,
  currency, status
from payment_transactions where id = :paymentId! for update;

/* @name PaymentForRefund */
select id, transaction_id, booking_id, user_id, payment_gateway, gateway_transaction_id, amount_minor, refunded_minor,
  currency, status
from payment_transactions where id = :paymentId!;

/* @name RefundByCause */
select id from refund_transactions where cause_key = :causeKey!;

/* @name ReservedForRefunds */
-- Money already promised back: every refund that has not failed.
select coalesce(sum(refund_amount), 0)::int as "reserved!"
from refund_transactions where original_transaction_id = :paymentId! and refund_status <> 'FAILED';

/* @name InsertRefund */
insert into refund_transactions
  (id, original_transaction_id, refund_id, user_id, booking_id, cause_key, refund_amount, currency, refund_reason)
values (:id!, :paymentId!, :refundId!, :userId!, :bookingId!, :causeKey!, :amountMinor!, :currency!, :reason!);

/* @name CapturedPaymentsOfBooking */
select id from payment_transactions
where booking_id = :bookingId! and status = any(:capturedStatuses!)
order by created_at;

/* @name ClaimDueRefunds */
-- A claim is a lease (next_attempt_at moves back with each attempt), so a crashed worker's refunds come round again.
update refund_transactions set refund_status = 'PROCESSING', attempts = attempts + 1,
  next_attempt_at = now() + least(power(2, attempts + 1), 300) * interval '1 second'
where id in (
  select id from refund_transactions
  where refund_status in ('PENDING', 'PROCESSING') and next_attempt_at <= now()
  order by next_attempt_at
  limit :limit!
  for update skip locked
)
returning id, refund_id, original_transaction_id, refund_amount, refund_reason, attempts;

/* @name RefundTarget */
select original_transaction_id from refund_transactions where refund_id = :refundId!;

/* @name SucceedRefund */
update refund_transactions set refund_status = 'SUCCEEDED', processed_at = now(),
  gateway_refund_id = coalesce(:gatewayRefundId, gateway_refund_id),
  gateway_response = coalesce(:response::jsonb, gateway_response)
where refund_id = :refundId! and refund_status in ('PENDING', 'PROCESSING')
returning id, refund_id, original_transaction_id, refund_amount, refund_reason, attempts;

/* @name SetRefundedAmount */
update payment_transactions set refunded_minor = :refundedMinor!, status = :status!, updated_at = now()
where id = :paymentId!;

/* @name FailRefund */
update refund_transactions set refund_status = 'FAILED', processed_at = now(),
  gateway_response = coalesce(:response::jsonb, gateway_response)
where id = :id! and refund_status in ('PENDING', 'PROCESSING')
returning id, refund_id, original_transaction_id, refund_amount, refund_reason, attempts;
