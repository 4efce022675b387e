/* @name RecordTrackedActivity */
insert into user_activity (source_id, user_id, kind, occurred_at)
values (:sourceId!, :userId!, 'TRACKED', :occurredAt!);
