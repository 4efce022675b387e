/* @name AddToMetric */
insert into real_time_metrics (metric_name, metric_type, dimensions, bucket, metric_value)
values (:name!, :type!, :dimensions!::jsonb, date_trunc('minute', :at!::timestamptz), :value!)
on conflict (metric_name, bucket, dimensions) do update
set metric_value = real_time_metrics.metric_value + excluded.metric_value, updated_at = now();

/* @name AddToDailyRevenue */
-- The day `at` falls on in the reporting time zone; every column adds (zero where the change has none).
insert into revenue_analytics
  (date, currency, total_bookings, tickets_sold, ticket_revenue_minor, captured_minor, refunded_minor, new_users)
values (
  (:at!::timestamptz at time zone :timeZone!::text)::date, :currency!, :totalBookings!, :ticketsSold!,
  :ticketRevenueMinor!, :capturedMinor!, :refundedMinor!, :newUsers!
)
on conflict (date) do update set
  total_bookings = revenue_analytics.total_bookings + excluded.total_bookings,
  tickets_sold = revenue_analytics.tickets_sold + excluded.tickets_sold,
  ticket_revenue_minor = revenue_analytics.ticket_revenue_minor + excluded.ticket_revenue_minor,
  captured_minor = revenue_analytics.captured_minor + excluded.captured_minor,
  refunded_minor = revenue_analytics.refunded_minor + excluded.refunded_minor,
  new_users = revenue_analytics.new_users + excluded.new_users,
  updated_at = now();
