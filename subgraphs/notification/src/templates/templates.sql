/* @name InsertDefaultTemplate */
-- A kind whose channel already has an active template (an admin's) gets the default inactive; a default that
-- exists (by name) is left alone.
insert into notification_templates
  (id, template_name, template_type, channel, language, subject, template_content, variables, is_active)
values (:id!, :name!, :kind!::text, :channel!::text, :language!::text, :subject, :content!, :variables!,
  not exists (select 1 from notification_templates
              where template_type = :kind! and channel = :channel! and language = :language! and is_active))
on conflict do nothing;

/* @name RetireActiveTemplate */
update notification_templates set is_active = false, updated_at = now()
where template_type = :kind! and channel = :channel! and language = :language! and is_active;
