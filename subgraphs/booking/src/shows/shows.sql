/* @name RecordShow */
insert into booking_shows (show_id, event_title, venue_name, venue_address, time_zone, starts_at, ends_at)
values (:showId!, :eventTitle!, :venueName!, :venueAddress, :timeZone!, :startsAt!, :endsAt!)
on conflict (show_id) do nothing;

/* @name ShowOf */
select
  show_id as "showId",
  event_title as "eventTitle",
  venue_name as "venueName",
  venue_address as "venueAddress",
  time_zone as "timeZone",
  starts_at as "startsAt",
  ends_at as "endsAt"
from booking_shows
where show_id = :showId!;
