import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000400_booking extends Migration {
  override name = 'Migration20261124000400_booking';

  override up(): void {
    // Holds as inventory announced them (SeatsLocked / SeatsReleased): what createBooking may turn into a booking.
    this.addSql(`
      create table booking_holds (
        lock_id uuid primary key,
        show_id uuid not null,
        user_id uuid not null,
        seats jsonb not null,
        total_minor integer not null check (total_minor >= 0),
        currency char(3) not null,
        expires_at timestamptz not null,
        show_starts_at timestamptz not null,
        status varchar(20) not null default 'ACTIVE' check (status in ('ACTIVE', 'RELEASED', 'EXPIRED')),
        updated_at timestamptz not null default now()
      )`);
    this.addSql('create index booking_holds_show on booking_holds (show_id)');
    // Amounts are integer minor units; the saga's two facts (payment, hold) are columns so every
    // transition can be guarded by the current state in one UPDATE … WHERE.
    this.addSql(`
      create table bookings (
        id uuid primary key,
        reference varchar(20) not null unique,
        user_id uuid not null,
        show_id uuid not null,
        lock_id uuid not null unique,
        currency char(3) not null,
        total_minor integer not null check (total_minor >= 0),
        booking_fee_minor integer not null check (booking_fee_minor >= 0),
        taxes_minor integer not null check (taxes_minor >= 0),
        final_minor integer not null,
        status varchar(20) not null default 'PENDING' check (status in ('PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED', 'FAILED')),
        payment_status varchar(20) not null default 'PENDING'
          check (payment_status in ('PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED')),
        hold_state varchar(20) not null default 'WAITING' check (hold_state in ('WAITING', 'HELD', 'UNAVAILABLE')),
        payment_id text,
        expires_at timestamptz not null,
        show_starts_at timestamptz not null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        confirmed_at timestamptz,
        cancelled_at timestamptz,
        cancellation_reason text,
        refund_minor integer,
        check (final_minor = total_minor + booking_fee_minor + taxes_minor),
        check (refund_minor between 0 and final_minor),
        check (status <> 'CONFIRMED' or (hold_state = 'HELD' and confirmed_at is not null)),
        check ((status = 'CANCELLED') = (cancelled_at is not null))
      )`);
    this.addSql('create index bookings_user on bookings (user_id, created_at desc, id desc)');
    this.addSql("create index bookings_show_open on bookings (show_id) where status in ('PENDING', 'CONFIRMED')");
    this.addSql("create index bookings_deadline on bookings (expires_at) where status = 'PENDING'");
    this.addSql(`
      create table booking_seats (
        id uuid primary key default gen_random_uuid(),
        booking_id uuid not null references bookings (id) deferrable initially deferred,
        seat_number varchar(10) not null,
        row_label varchar(4) not null,
        seat_type varchar(20) not null,
        price_minor integer not null check (price_minor >= 0),
        position integer not null,
        unique (booking_id, seat_number)
      )`);
    this.addSql(`
      create table booking_status_history (
        id uuid primary key default gen_random_uuid(),
        booking_id uuid not null references bookings (id) deferrable initially deferred,
        from_status varchar(20),
        status varchar(20) not null,
        notes text,
        changed_at timestamptz not null default clock_timestamp()
      )`);
    this.addSql('create index booking_status_history_booking on booking_status_history (booking_id, changed_at)');
  }

  override down(): void {
    for (const table of ['booking_status_history', 'booking_seats', 'bookings', 'booking_holds'])
      this.addSql(`drop table ${table}`);
  }
}
