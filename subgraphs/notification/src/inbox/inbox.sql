/* @name MarkNotificationRead */
-- Reading it again keeps the first time; another user's notification is not touched and returns no row.
update notification_queue set read_at = coalesce(read_at, now()), updated_at = now()
where id = :id! and user_id = :userId! and channel = 'IN_APP' and status = 'SENT'
returning id;

/* @name MarkAllNotificationsRead */
update notification_queue set read_at = now(), updated_at = now()
where user_id = :userId! and channel = 'IN_APP' and status = 'SENT' and read_at is null
returning id;
