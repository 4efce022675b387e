/* @name RecordWebhookEvent */
-- A gateway re-sends webhooks; the first delivery of an event id is applied, the rest return nothing.
insert into webhook_events (gateway, event_id, event_type, payload)
values (:gateway!, :eventId!, :eventType!, :payload!)
on conflict do nothing
returning event_id;
