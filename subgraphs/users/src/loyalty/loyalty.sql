/* @name RecordEarnedPoints */
-- Once per booking and payment (the unique key); nothing for a user this service does not know.
insert into loyalty_transactions (id, user_id, booking_id, payment_id, kind, points, amount_minor)
select :id!, :userId!, :bookingId!, :paymentId!, 'EARN', :points!, :amountMinor!
where exists (select 1 from users where id = :userId!)
on conflict do nothing
returning id;

/* @name AddPoints */
update loyalty_accounts set points = points + :points!, lifetime_points = lifetime_points + :points!, updated_at = now()
where user_id = :userId!;

/* @name LockEarnedPoints */
-- Locked so two refunds of one booking cannot both reverse the same points.
select user_id, points, amount_minor from loyalty_transactions
where booking_id = :bookingId! and payment_id = :paymentId! and kind = 'EARN'
for update;

/* @name ReversedPoints */
select coalesce(sum(points), 0)::int as "reversed!"
from loyalty_transactions where booking_id = :bookingId! and kind = 'REVERSE';

/* @name RecordReversedPoints */
insert into loyalty_transactions (id, user_id, booking_id, payment_id, kind, points, amount_minor)
values (:id!, :userId!, :bookingId!, :paymentId!, 'REVERSE', :points!, :amountMinor!);

/* @name TakeBackPoints */
-- Lifetime points drop too: a refunded booking should not keep its holder in a higher tier.
update loyalty_accounts
set points = greatest(points - :points!, 0), lifetime_points = greatest(lifetime_points - :points!, 0),
  updated_at = now()
where user_id = :userId!;
