import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000600_notification extends Migration {
  override name = 'Migration20261124000600_notification';

  override up(): void {
    // Who can be reached how, from user-events; the users subgraph owns the truth. Defaults mirror its
    // defaults (WhatsApp needs an explicit opt-in) for a user whose preferences event has not arrived.
    this.addSql(`
      create table user_contacts (
        user_id uuid primary key,
        email varchar(255),
        first_name varchar(100),
        last_name varchar(100),
        phone varchar(20),
        is_active boolean not null default true,
        preferences jsonb not null default '{"email": true, "sms": true, "push": true, "whatsapp": false, "inApp": true}',
        updated_at timestamptz not null default now()
      )`);
    // A device belongs to whoever signed in on it last, hence the token as key.
    this.addSql(`
      create table push_devices (
        token varchar(4096) primary key,
        user_id uuid not null,
        platform varchar(10) not null check (platform in ('ANDROID', 'IOS', 'WEB')),
        created_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now()
      )`);
    this.addSql('create index push_devices_user on push_devices (user_id)');
    // template_type is the message kind (BOOKING_CONFIRMED, or an admin's own such as PROMOTION);
    // at most one active template per kind and channel, so a kind renders the same everywhere.
    this.addSql(`
      create table notification_templates (
        id uuid primary key,
        template_name varchar(100) not null unique,
        template_type varchar(50) not null,
        channel varchar(20) not null check (channel in ('EMAIL', 'SMS', 'PUSH', 'WHATSAPP', 'IN_APP')),
        subject varchar(255),
        template_content text not null,
        variables jsonb not null default '[]',
        is_active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (subject is null or channel in ('EMAIL', 'PUSH', 'IN_APP'))
      )`);
    this.addSql(
      'create unique index notification_templates_active on notification_templates (template_type, channel) where is_active',
    );
    // One row per message and channel: the durable queue, each row's delivery status, and (channel
    // IN_APP, status SENT) the user's in-app inbox. `origin` names what asked for it, so a cause
    // queues each channel once however often it is repeated.
    this.addSql(`
      create table notification_queue (
        id uuid primary key,
        user_id uuid,
        template_id uuid not null references notification_templates (id),
        template_type varchar(50) not null,
        channel varchar(20) not null check (channel in ('EMAIL', 'SMS', 'PUSH', 'WHATSAPP', 'IN_APP')),
        origin varchar(200) not null,
        recipient_contact varchar(4096),
        subject varchar(255),
        message_content text,
        variables jsonb not null default '{}',
        status varchar(20) not null default 'QUEUED' check (status in ('QUEUED', 'SENDING', 'SENT', 'FAILED', 'SKIPPED')),
        attempts integer not null default 0,
        next_attempt_at timestamptz not null default now(),
        scheduled_at timestamptz not null default now(),
        sent_at timestamptz,
        delivery_status varchar(60),
        provider_message_id varchar(255),
        status_reason text,
        read_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (origin, channel),
        check (user_id is not null or recipient_contact is not null),
        check (channel <> 'IN_APP' or user_id is not null),
        check (read_at is null or (channel = 'IN_APP' and status = 'SENT')),
        check ((status = 'SENT') = (sent_at is not null))
      )`);
    this.addSql(
      "create index notification_queue_due on notification_queue (next_attempt_at) where status in ('QUEUED', 'SENDING')",
    );
    this.addSql(
      "create index notification_queue_inbox on notification_queue (user_id, created_at desc, id desc) where channel = 'IN_APP' and status = 'SENT'",
    );
    this.addSql('create index notification_queue_user on notification_queue (user_id, created_at desc)');
    // A bulk request, expanded into queue rows by the worker in chunks so the request never waits for it.
    this.addSql(`
      create table notification_batches (
        id uuid primary key,
        template_type varchar(50) not null,
        channels text[] not null,
        variables jsonb not null default '{}',
        user_ids uuid[],
        scheduled_at timestamptz,
        recipient_count integer not null check (recipient_count >= 0),
        queued_through uuid,
        status varchar(20) not null default 'PENDING' check (status in ('PENDING', 'DONE')),
        requested_by uuid not null,
        created_at timestamptz not null default now(),
        completed_at timestamptz
      )`);
    this.addSql(
      "create index notification_batches_pending on notification_batches (created_at) where status = 'PENDING'",
    );
  }

  override down(): void {
    for (const table of [
      'notification_batches',
      'notification_queue',
      'notification_templates',
      'push_devices',
      'user_contacts',
    ])
      this.addSql(`drop table ${table}`);
  }
}
