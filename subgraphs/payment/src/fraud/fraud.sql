/* @name FraudHistory */
-- The signals the rules read, in one round trip. A card's users exclude this user, a user's attempts this payment.
select
  (select count(distinct payment_id)::int from fraud_checks
   where user_id = :userId! and payment_id <> :paymentId! and created_at > now() - interval '10 minutes')
    as "attempts!",
  (select count(distinct user_id)::int from fraud_checks
   where card_fingerprint = :fingerprint! and user_id <> :userId! and created_at > now() - interval '24 hours')
    as "card_users!",
  (select count(*)::int from payment_transactions
   where user_id = :userId! and failure_code = 'DECLINED' and updated_at > now() - interval '1 hour') as "declines!",
  (select count(*)::int from payment_transactions where user_id = :userId! and succeeded_at is not null)
    as "succeeded!",
  (select avg(amount_minor)::float from payment_transactions where user_id = :userId! and succeeded_at is not null)
    as average;

/* @name RecordFraudCheck */
insert into fraud_checks (id, payment_id, user_id, card_fingerprint, amount_minor, decision, reasons, risk_level)
values (:id!, :paymentId!, :userId!, :fingerprint!, :amountMinor!, :decision!, :reasons!, :riskLevel!);
