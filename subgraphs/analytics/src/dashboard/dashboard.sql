/* @name BookingFigures */
-- Every statement here takes the scope the same way: showIds, and (when byShowFacts) city and eventIds matched
-- through show_facts; a null one does not narrow, and a fact whose show is unknown is outside every filter.
select
  count(*) filter (where created_at >= :from!::timestamptz and created_at < :to!::timestamptz)::int as "created!",
  count(*) filter (where confirmed_at >= :from!::timestamptz and confirmed_at < :to!::timestamptz)::int as "confirmed!",
  count(*) filter (where status = 'CANCELLED' and ended_at >= :from!::timestamptz and ended_at < :to!::timestamptz)::int
    as "cancelled!",
  count(*) filter (where status = 'EXPIRED' and ended_at >= :from!::timestamptz and ended_at < :to!::timestamptz)::int
    as "expired!",
  count(*) filter (where status = 'FAILED' and ended_at >= :from!::timestamptz and ended_at < :to!::timestamptz)::int
    as "failed!",
  coalesce(sum(seat_count) filter (
    where confirmed_at >= :from!::timestamptz and confirmed_at < :to!::timestamptz), 0)::int
    as "tickets!",
  coalesce(sum(seat_count) filter (
    where confirmed_at >= :from!::timestamptz and confirmed_at < :to!::timestamptz
      and currency = :currency!::text), 0)::int
    as "priced_tickets!",
  coalesce(sum(total_minor) filter (
    where confirmed_at >= :from!::timestamptz and confirmed_at < :to!::timestamptz
      and currency = :currency!::text), 0)::bigint
    as "ticket_minor!"
from booking_facts b
where (:showIds::uuid[] is null or b.show_id = any(:showIds::uuid[]))
  and (not :byShowFacts! or b.show_id in (
    select show_id from show_facts
    where (:city::text is null or city = :city::text)
      and (:eventIds::uuid[] is null or event_id = any(:eventIds::uuid[]))));

/* @name FunnelFigures */
select
  (select count(*) from hold_facts h
   where h.placed_at >= :from!::timestamptz and h.placed_at < :to!::timestamptz
     and (:showIds::uuid[] is null or h.show_id = any(:showIds::uuid[]))
     and (not :byShowFacts! or h.show_id in (
       select show_id from show_facts
       where (:city::text is null or city = :city::text)
         and (:eventIds::uuid[] is null or event_id = any(:eventIds::uuid[]))))
  )::int as "holds!",
  (select count(*) from booking_facts b
   where b.created_at >= :from!::timestamptz and b.created_at < :to!::timestamptz
     and (:showIds::uuid[] is null or b.show_id = any(:showIds::uuid[]))
     and (not :byShowFacts! or b.show_id in (
       select show_id from show_facts
       where (:city::text is null or city = :city::text)
         and (:eventIds::uuid[] is null or event_id = any(:eventIds::uuid[]))))
  )::int as "bookings!",
  (select count(*) from payment_facts p left join booking_facts b on b.booking_id = p.booking_id
   where p.succeeded_at >= :from!::timestamptz and p.succeeded_at < :to!::timestamptz
     and (:showIds::uuid[] is null or b.show_id = any(:showIds::uuid[]))
     and (not :byShowFacts! or b.show_id in (
       select show_id from show_facts
       where (:city::text is null or city = :city::text)
         and (:eventIds::uuid[] is null or event_id = any(:eventIds::uuid[]))))
  )::int as "payments!";

/* @name ShowOccupancy */
-- Shows with bookings created in the period, fullest first; seats sold is what their confirmed bookings hold now.
select * from (
  select s.show_id, s.event_id, s.city, s.starts_at, s.cancelled_at, s.seats_total,
    coalesce((select sum(c.seat_count) from booking_facts c
              where c.show_id = s.show_id and c.status = 'CONFIRMED'), 0)::int
      as "seats_sold!"
  from show_facts s
  where s.show_id in (
    select b.show_id from booking_facts b
    where b.created_at >= :from!::timestamptz and b.created_at < :to!::timestamptz
      and (:showIds::uuid[] is null or b.show_id = any(:showIds::uuid[]))
      and (not :byShowFacts! or b.show_id in (
        select show_id from show_facts
        where (:city::text is null or city = :city::text)
          and (:eventIds::uuid[] is null or event_id = any(:eventIds::uuid[])))))
) shows
order by "seats_sold!"::float / nullif(seats_total, 0) desc nulls last, show_id
limit :limit!;

/* @name ActiveHolds */
select count(*)::int as "holds!", coalesce(sum(seat_count), 0)::int as "seats!"
from hold_facts h
where h.status = 'ACTIVE' and h.expires_at > now()
  and (:showIds::uuid[] is null or h.show_id = any(:showIds::uuid[]))
  and (not :byShowFacts! or h.show_id in (
    select show_id from show_facts
    where (:city::text is null or city = :city::text)
      and (:eventIds::uuid[] is null or event_id = any(:eventIds::uuid[]))));

/* @name Sales */
-- captured = payments succeeded (by succeededAt); refunded = refunds succeeded of those payments (by refund time);
-- confirmed bookings and their tickets by confirmation time; city and event from the booking's show. Grouped by
-- currency (money in two currencies is never summed; :currency null = every currency, a row each), and by the
-- period (unit in the reporting zone) and/or city or event as asked: a group not asked for is one null column.
-- Ordered by period, or by net takings (byNet); no limit when limit is null. Columns are named as the API's
-- RevenuePoint fields, so a row is one (its money still in minor units).
with sales as (
  select p.succeeded_at as at, b.show_id, p.currency, p.amount_minor::bigint as captured, 0::bigint as refunded,
    0 as confirmed, 0 as tickets
  from payment_facts p left join booking_facts b on b.booking_id = p.booking_id
  where p.succeeded_at >= :from!::timestamptz and p.succeeded_at < :to!::timestamptz
    and (:currency::text is null or p.currency = :currency::text)
  union all
  select r.succeeded_at, b.show_id, r.currency, 0, r.amount_minor, 0, 0
  from refund_facts r join payment_facts p on p.payment_id = r.payment_id and p.succeeded_at is not null
  left join booking_facts b on b.booking_id = r.booking_id
  where r.succeeded_at >= :from!::timestamptz and r.succeeded_at < :to!::timestamptz
    and (:currency::text is null or r.currency = :currency::text)
  union all
  select b.confirmed_at, b.show_id, b.currency, 0, 0, 1, b.seat_count
  from booking_facts b where b.confirmed_at >= :from!::timestamptz and b.confirmed_at < :to!::timestamptz
    and (:currency::text is null or b.currency = :currency::text)
)
select
  s.currency::text as "currency!",
  case when :unit::text is not null then date_trunc(:unit::text, s.at, :timeZone!::text) end as "periodStart",
  case when :byCity! then sh.city end as city,
  case when :byEvent! then sh.event_id end as "eventId",
  sum(s.captured)::bigint as "captured!", sum(s.refunded)::bigint as "refunded!",
  sum(s.confirmed)::int as "confirmedBookings!", sum(s.tickets)::int as "ticketsSold!"
from sales s left join show_facts sh on sh.show_id = s.show_id
where (:showIds::uuid[] is null or s.show_id = any(:showIds::uuid[]))
  and (not :byShowFacts! or s.show_id in (
    select show_id from show_facts
    where (:city::text is null or city = :city::text)
      and (:eventIds::uuid[] is null or event_id = any(:eventIds::uuid[]))))
group by 1, 2, 3, 4
order by
  case when :byNet! then sum(s.captured) - sum(s.refunded) end desc,
  case when :byNet! then sum(s.confirmed) end desc,
  2, sum(s.captured) - sum(s.refunded) desc, 3, 4, 1
limit :limit;

/* @name UserFigures */
-- Active: distinct users with any activity in the period (with a filter, on its shows); new: those of them who
-- registered in the period; registrations: every sign-up in the period, not narrowed by a filter.
with active as (
  select distinct a.user_id from user_activity a
  where a.occurred_at >= :from!::timestamptz and a.occurred_at < :to!::timestamptz
    and (:showIds::uuid[] is null or a.show_id = any(:showIds::uuid[]))
    and (not :byShowFacts! or a.show_id in (
      select show_id from show_facts
      where (:city::text is null or city = :city::text)
        and (:eventIds::uuid[] is null or event_id = any(:eventIds::uuid[]))))
)
select
  (select count(*) from active)::int as "active!",
  (select count(*) from active join user_facts u on u.user_id = active.user_id
   where u.registered_at >= :from!::timestamptz and u.registered_at < :to!::timestamptz)::int as "new_users!",
  (select count(*) from user_facts
   where registered_at >= :from!::timestamptz and registered_at < :to!::timestamptz)::int
    as "registrations!";
