/* @name InsertUserDeliveries */
-- One delivery per user and active template of the kind (every channel when channels is null);
-- with (origin, channel) unique, a repeated cause queues nothing new. The English template is
-- queued; the recipient's language is chosen when the message is sent (TemplateTranslation).
insert into notification_queue
  (id, user_id, template_id, template_type, channel, origin, variables, next_attempt_at, scheduled_at)
select gen_random_uuid(), u.id, t.id, t.template_type, t.channel, :origin! || ':' || u.id, :variables!::jsonb,
  coalesce(:scheduledAt::timestamptz, now()), coalesce(:scheduledAt::timestamptz, now())
from unnest(:userIds!::uuid[]) as u(id) cross join notification_templates t
where t.template_type = :kind! and t.is_active and t.language = 'en'
  and (:channels::text[] is null or t.channel = any(:channels))
on conflict (origin, channel) do nothing
returning id;

/* @name InsertRecipientDeliveries */
insert into notification_queue
  (id, template_id, template_type, channel, origin, recipient_contact, variables, next_attempt_at, scheduled_at)
select gen_random_uuid(), t.id, t.template_type, t.channel, :origin!, :recipientContact!, :variables!::jsonb,
  coalesce(:scheduledAt::timestamptz, now()), coalesce(:scheduledAt::timestamptz, now())
from notification_templates t
where t.template_type = :kind! and t.is_active and t.language = 'en' and t.channel = :channel!
on conflict (origin, channel) do nothing
returning id;

/* @name CountActiveRecipients */
-- Every active user when userIds is null.
select count(*)::int as "recipients!" from user_contacts
where is_active and (:userIds::uuid[] is null or user_id = any(:userIds));

/* @name InsertBatch */
insert into notification_batches
  (id, template_type, channels, variables, user_ids, scheduled_at, recipient_count, requested_by)
values (:id!, :kind!, :channels!::text[], :variables!::jsonb, :userIds::uuid[], :scheduledAt, :recipientCount!,
  :requestedBy!);

/* @name ClaimDueDeliveries */
-- A claim is a lease (next_attempt_at moves past it), so a crashed worker's deliveries are claimed again.
update notification_queue set status = 'SENDING', attempts = attempts + 1, updated_at = now(),
  next_attempt_at = now() + :leaseMs! * interval '1 millisecond'
where id in (select id from notification_queue where status in ('QUEUED', 'SENDING') and next_attempt_at <= now()
             order by next_attempt_at limit :limit! for update skip locked)
returning id, user_id, template_id, channel, recipient_contact, variables, attempts, created_at;

/* @name DeliveryTemplate */
select subject, template_content from notification_templates where id = :templateId!;

/* @name TemplateTranslation */
-- The active template of the queued one's kind and channel in the recipient's language, if there is one.
select t2.subject, t2.template_content
from notification_templates t
join notification_templates t2
  on t2.template_type = t.template_type and t2.channel = t.channel and t2.language = :language! and t2.is_active
where t.id = :templateId!;

/* @name RecipientContact */
select email, first_name, last_name, phone, is_active, preferences, language from user_contacts where user_id = :userId!;

/* @name PushTokensOfUser */
select token from push_devices where user_id = :userId! order by last_seen_at desc limit 10;

/* @name DeleteUnregisteredDevices */
delete from push_devices where token = any(:tokens!);

/* @name SettleSent */
-- Each settle statement changes the row only while this worker holds its lease - still SENDING, with the
-- attempt it claimed.
update notification_queue set status = 'SENT', sent_at = now(), updated_at = now(),
  recipient_contact = :recipientContact!, subject = :subject, message_content = :messageContent!,
  delivery_status = :deliveryStatus!, provider_message_id = :providerMessageId, status_reason = null
where id = :id! and status = 'SENDING' and attempts = :attempts!;

/* @name SettleSkipped */
update notification_queue set status = 'SKIPPED', status_reason = :reason!, updated_at = now()
where id = :id! and status = 'SENDING' and attempts = :attempts!;

/* @name SettleFailed */
-- What was rendered before the failure is kept; what was not keeps the row's values.
update notification_queue set status = 'FAILED', status_reason = :reason!, updated_at = now(),
  recipient_contact = coalesce(:recipientContact, recipient_contact), subject = coalesce(:subject, subject),
  message_content = coalesce(:messageContent, message_content)
where id = :id! and status = 'SENDING' and attempts = :attempts!;

/* @name SettleRetry */
update notification_queue set status = 'QUEUED', status_reason = :reason!, updated_at = now(),
  next_attempt_at = now() + :delayMs! * interval '1 millisecond'
where id = :id! and status = 'SENDING' and attempts = :attempts!;

/* @name LockPendingBatch */
select id, template_type, channels, variables, user_ids, scheduled_at, queued_through from notification_batches
where status = 'PENDING' order by created_at limit 1 for update skip locked;

/* @name NextBatchUsers */
-- The batch's next active users in id order, after its cursor (from the start when it has none), among its
-- userIds when it names them.
select user_id from user_contacts
where is_active and (:userIds::uuid[] is null or user_id = any(:userIds))
  and (:queuedThrough::uuid is null or user_id > :queuedThrough)
order by user_id limit :limit!;

/* @name CompleteBatch */
update notification_batches set status = 'DONE', completed_at = now(),
  queued_through = coalesce(:queuedThrough, queued_through)
where id = :id!;

/* @name AdvanceBatch */
update notification_batches set queued_through = :queuedThrough! where id = :id!;
