/* @name InsertOutboxEvent */
insert into outbox_events (id, topic, partition_key, event_type, envelope)
values (:id!, :topic!, :partitionKey!, :eventType!, :envelope!);

/* @name TryRelayLock */
-- One relay per database publishes at a time (per-key order with several processes of a service).
select pg_try_advisory_xact_lock(hashtext('outbox-relay')) as "locked!";

/* @name PendingOutboxEvents */
select seq, topic, envelope from outbox_events where published_at is null order by seq limit :limit!;

/* @name MarkOutboxEventsPublished */
update outbox_events set published_at = now() where seq = any(:seqs!);

/* @name DeletePublishedOutboxEvents */
delete from outbox_events where published_at < now() - (:retentionMs!::float8 * interval '1 millisecond');

/* @name RecordProcessedEvents */
-- The ids this consumer had not processed yet come back; a replayed event's id does not.
insert into processed_events (consumer, event_id)
select :consumer!, unnest(:eventIds!::uuid[])
on conflict do nothing
returning event_id;
