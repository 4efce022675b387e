/* @name RecentOutcomes */
-- The outcomes of the last minutesBack + 1 minutes (the current minute's bucket included).
select metric_name, dimensions, sum(metric_value)::bigint as "total!"
from real_time_metrics
where bucket >= date_trunc('minute', now()) - make_interval(mins => :minutesBack!)
  and metric_name in ('bookings_confirmed', 'bookings_ended', 'payments_succeeded', 'payments_failed')
group by metric_name, dimensions;
