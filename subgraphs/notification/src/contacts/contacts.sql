/* @name RegisterPushDevice */
-- A token registered by another user moves to this one.
insert into push_devices (token, user_id, platform) values (:token!, :userId!, :platform!)
on conflict (token) do update set user_id = excluded.user_id, platform = excluded.platform, last_seen_at = now();

/* @name UnregisterPushDevice */
delete from push_devices where token = :token! and user_id = :userId!;

/* @name UpsertRegisteredContact */
insert into user_contacts (user_id, email, first_name, last_name, phone)
values (:userId!, :email!, :firstName, :lastName, :phone)
on conflict (user_id) do update set email = excluded.email, first_name = excluded.first_name,
  last_name = excluded.last_name, phone = excluded.phone, updated_at = now();

/* @name UpdateContactProfile */
-- Only the fields whose set flag is true change; the others keep their values.
update user_contacts set
  first_name = case when :setFirstName! then :firstName else first_name end,
  last_name = case when :setLastName! then :lastName else last_name end,
  phone = case when :setPhone! then :phone else phone end,
  updated_at = now()
where user_id = :userId!;

/* @name UpsertContactPreferences */
insert into user_contacts (user_id, preferences, language) values (:userId!, :preferences!::jsonb, :language)
on conflict (user_id) do update
set preferences = excluded.preferences, language = excluded.language, updated_at = now();

/* @name UpsertContactActivation */
insert into user_contacts (user_id, is_active) values (:userId!, :active!)
on conflict (user_id) do update set is_active = excluded.is_active, updated_at = now();
