import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000700_analytics extends Migration {
  override name = 'Migration20261124000700_analytics';

  override up(): void {
    // Facts: one row per show, hold, booking, payment and refund, written from the events in the
    // consumer's inbox transaction, so each event is applied exactly once. Dashboard figures are
    // SQL over these rows. Events of different topics may arrive in any order: every column is
    // filled by the event that knows it, never overwritten by a later one that does not.
    this.addSql(`
      create table show_facts (
        show_id uuid primary key,
        event_id uuid not null,
        venue_id uuid,
        city varchar(100),
        starts_at timestamptz,
        seats_total integer check (seats_total >= 0),
        currency char(3),
        cancelled_at timestamptz,
        updated_at timestamptz not null default now()
      )`);
    this.addSql('create index show_facts_city on show_facts (city)');
    this.addSql('create index show_facts_event on show_facts (event_id)');
    this.addSql(`
      create table hold_facts (
        lock_id uuid primary key,
        show_id uuid not null,
        user_id uuid not null,
        seat_count integer not null check (seat_count > 0),
        total_minor integer not null check (total_minor >= 0),
        currency char(3) not null,
        status varchar(20) not null default 'ACTIVE' check (status in ('ACTIVE', 'RELEASED', 'EXPIRED', 'CONSUMED')),
        placed_at timestamptz not null,
        expires_at timestamptz not null,
        ended_at timestamptz
      )`);
    this.addSql('create index hold_facts_placed on hold_facts (placed_at)');
    this.addSql("create index hold_facts_active on hold_facts (expires_at) where status = 'ACTIVE'");
    this.addSql(`
      create table booking_facts (
        booking_id uuid primary key,
        user_id uuid not null,
        show_id uuid not null,
        status varchar(20) not null check (status in ('PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED', 'FAILED')),
        seat_count integer not null check (seat_count >= 0),
        total_minor integer not null check (total_minor >= 0),
        final_minor integer not null check (final_minor >= 0),
        currency char(3) not null,
        created_at timestamptz,
        confirmed_at timestamptz,
        ended_at timestamptz
      )`);
    this.addSql('create index booking_facts_show on booking_facts (show_id)');
    this.addSql('create index booking_facts_created on booking_facts (created_at)');
    this.addSql('create index booking_facts_confirmed on booking_facts (confirmed_at) where confirmed_at is not null');
    this.addSql('create index booking_facts_ended on booking_facts (ended_at) where ended_at is not null');
    this.addSql(`
      create table payment_facts (
        payment_id uuid primary key,
        booking_id uuid not null,
        user_id uuid not null,
        amount_minor integer not null check (amount_minor > 0),
        currency char(3) not null,
        status varchar(20) not null check (status in ('INITIATED', 'SUCCEEDED', 'FAILED')),
        failure_code varchar(30),
        initiated_at timestamptz,
        succeeded_at timestamptz,
        failed_at timestamptz
      )`);
    this.addSql('create index payment_facts_booking on payment_facts (booking_id)');
    this.addSql('create index payment_facts_succeeded on payment_facts (succeeded_at) where succeeded_at is not null');
    this.addSql(`
      create table refund_facts (
        refund_id uuid primary key,
        payment_id uuid not null,
        booking_id uuid not null,
        amount_minor integer not null check (amount_minor > 0),
        currency char(3) not null,
        reason text not null,
        succeeded_at timestamptz not null
      )`);
    this.addSql('create index refund_facts_succeeded on refund_facts (succeeded_at)');
    this.addSql('create index refund_facts_payment on refund_facts (payment_id)');
    this.addSql(`
      create table user_facts (
        user_id uuid primary key,
        registered_at timestamptz not null
      )`);
    // Who did something when: one row per source event (its id), so redelivery adds nothing.
    this.addSql(`
      create table user_activity (
        source_id uuid primary key,
        user_id uuid not null,
        kind varchar(20) not null,
        show_id uuid,
        occurred_at timestamptz not null
      )`);
    this.addSql('create index user_activity_time on user_activity (occurred_at)');

    // The architecture document's tables. Amounts are integer minor units (bigint), not decimals.
    // real_time_metrics: one row per metric, minute and dimensions, incremented by the consumers.
    this.addSql(`
      create table real_time_metrics (
        id bigserial primary key,
        metric_name varchar(100) not null,
        metric_type varchar(50) not null check (metric_type in ('count', 'sum_minor')),
        dimensions jsonb not null default '{}',
        bucket timestamptz not null,
        metric_value bigint not null default 0,
        updated_at timestamptz not null default now(),
        unique (metric_name, bucket, dimensions)
      )`);
    this.addSql('create index real_time_metrics_recent on real_time_metrics (bucket, metric_name)');
    this.addSql(`
      create table user_analytics_events (
        id bigserial primary key,
        user_id uuid,
        session_id varchar(255),
        event_type varchar(50) not null,
        event_data jsonb not null default '{}',
        page_url varchar(500),
        user_agent text,
        ip_address inet,
        occurred_at timestamptz not null default now(),
        check (user_id is not null or session_id is not null)
      )`);
    this.addSql('create index user_analytics_events_time on user_analytics_events (occurred_at)');
    this.addSql(
      'create index user_analytics_events_user on user_analytics_events (user_id, occurred_at) where user_id is not null',
    );
    // Daily rollup in the reporting time zone and currency, for reports and exports.
    this.addSql(`
      create table revenue_analytics (
        date date primary key,
        currency char(3) not null,
        total_bookings integer not null default 0,
        tickets_sold integer not null default 0,
        ticket_revenue_minor bigint not null default 0,
        captured_minor bigint not null default 0,
        refunded_minor bigint not null default 0,
        net_revenue_minor bigint generated always as (captured_minor - refunded_minor) stored,
        average_ticket_price_minor bigint generated always as (case when tickets_sold > 0 then round(ticket_revenue_minor::numeric / tickets_sold) end) stored,
        new_users integer not null default 0,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
  }

  override down(): void {
    for (const table of [
      'revenue_analytics',
      'user_analytics_events',
      'real_time_metrics',
      'user_activity',
      'user_facts',
      'refund_facts',
      'payment_facts',
      'booking_facts',
      'hold_facts',
      'show_facts',
    ]) {
      this.addSql(`drop table ${table}`);
    }
  }
}
