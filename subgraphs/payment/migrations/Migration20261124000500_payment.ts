import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000500_payment extends Migration {
  override name = 'Migration20261124000500_payment';

  override up(): void {
    // What payment knows of each booking, from booking-events: the amount to charge and whether
    // money taken on it must go back. Its row lock orders payment outcomes against booking ends.
    this.addSql(`
      create table booking_projection (
        booking_id uuid primary key,
        reference varchar(40) not null,
        user_id uuid not null,
        show_id uuid not null,
        status varchar(20) not null default 'PENDING' check (status in ('PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED', 'FAILED')),
        total_minor integer not null check (total_minor >= 0),
        final_minor integer not null check (final_minor >= 0),
        currency char(3) not null,
        expires_at timestamptz not null,
        show_starts_at timestamptz,
        confirmed_payment_id uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql('create index booking_projection_user on booking_projection (user_id)');
    this.addSql(`
      create table payment_transactions (
        id uuid primary key,
        transaction_id varchar(100) not null unique,
        booking_id uuid not null references booking_projection (booking_id),
        user_id uuid not null,
        idempotency_key varchar(200) not null,
        payment_gateway varchar(50) not null,
        gateway_transaction_id varchar(255),
        amount_minor integer not null check (amount_minor > 0),
        refunded_minor integer not null default 0,
        currency char(3) not null default 'INR',
        status varchar(20) not null default 'INITIATED'
          check (status in ('INITIATED', 'REQUIRES_CONFIRMATION', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED')),
        payment_method varchar(30) not null,
        payment_token varchar(255),
        failure_code varchar(30) check (failure_code in ('DECLINED', 'FRAUD_BLOCKED', 'GATEWAY_ERROR')),
        failure_reason text,
        gateway_response jsonb,
        succeeded_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (user_id, idempotency_key),
        check (refunded_minor between 0 and amount_minor),
        check ((status = 'FAILED') = (failure_code is not null)),
        check ((status in ('SUCCEEDED', 'REFUNDED', 'PARTIALLY_REFUNDED')) = (succeeded_at is not null))
      )`);
    this.addSql('create index payment_transactions_booking on payment_transactions (booking_id)');
    this.addSql(
      "create index payment_transactions_processing on payment_transactions (updated_at) where status = 'PROCESSING'",
    );
    // A payment's refunds; cause_key makes each cause (a booking's end, a cancellation, an admin request) queue at most one.
    this.addSql(`
      create table refund_transactions (
        id uuid primary key,
        original_transaction_id uuid not null references payment_transactions (id),
        refund_id varchar(100) not null unique,
        user_id uuid not null,
        booking_id uuid not null,
        cause_key varchar(200) not null unique,
        refund_amount integer not null check (refund_amount > 0),
        currency char(3) not null,
        refund_status varchar(20) not null default 'PENDING' check (refund_status in ('PENDING', 'PROCESSING', 'SUCCEEDED', 'FAILED')),
        refund_reason text not null,
        gateway_refund_id varchar(255),
        gateway_response jsonb,
        attempts integer not null default 0,
        next_attempt_at timestamptz not null default now(),
        processed_at timestamptz,
        created_at timestamptz not null default now()
      )`);
    this.addSql('create index refund_transactions_payment on refund_transactions (original_transaction_id)');
    this.addSql(
      "create index refund_transactions_due on refund_transactions (next_attempt_at) where refund_status in ('PENDING', 'PROCESSING')",
    );
    // Gateways retry webhooks for days and in any order: each event id is applied once.
    this.addSql(`
      create table webhook_events (
        gateway varchar(50) not null,
        event_id varchar(255) not null,
        event_type varchar(100) not null,
        payload jsonb not null,
        received_at timestamptz not null default now(),
        primary key (gateway, event_id)
      )`);
    this.addSql(`
      create table fraud_checks (
        id uuid primary key,
        payment_id uuid not null references payment_transactions (id),
        user_id uuid not null,
        card_fingerprint varchar(255) not null,
        amount_minor integer not null,
        decision varchar(10) not null check (decision in ('ALLOW', 'FLAG', 'BLOCK')),
        reasons text[] not null,
        risk_level varchar(20) not null,
        created_at timestamptz not null default now()
      )`);
    this.addSql('create index fraud_checks_user on fraud_checks (user_id, created_at)');
    this.addSql('create index fraud_checks_card on fraud_checks (card_fingerprint, created_at)');
  }

  override down(): void {
    for (const table of [
      'fraud_checks',
      'webhook_events',
      'refund_transactions',
      'payment_transactions',
      'booking_projection',
    ])
      this.addSql(`drop table ${table}`);
  }
}
