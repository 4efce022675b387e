import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000300_inventory extends Migration {
  override name = 'Migration20261124000300_inventory';

  override up(): void {
    // One row per show: its sale status, the seat-map version and the counts, all changed in the
    // same transaction as the seats, so the version orders changes exactly as they committed.
    this.addSql(`
      create table show_inventory (
        show_id uuid primary key,
        event_id uuid not null,
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        currency char(3) not null,
        status varchar(20) not null default 'ON_SALE' check (status in ('ON_SALE', 'CANCELLED')),
        version integer not null default 0,
        total_seats integer not null check (total_seats > 0),
        available integer not null check (available >= 0),
        locked integer not null default 0 check (locked >= 0),
        booked integer not null default 0 check (booked >= 0),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (available + locked + booked <= total_seats)
      )`);
    // A seat is one row with one status: it cannot be held by two holds or booked by two bookings.
    this.addSql(`
      create table seat_inventory (
        id uuid primary key,
        show_id uuid not null references show_inventory (show_id) deferrable initially deferred,
        seat_number varchar(10) not null,
        row_label varchar(4) not null,
        seat_type varchar(20) not null,
        price_minor integer not null check (price_minor >= 0),
        position integer not null,
        status varchar(20) not null default 'AVAILABLE' check (status in ('AVAILABLE', 'LOCKED', 'BOOKED', 'BLOCKED')),
        lock_id uuid,
        locked_by uuid,
        locked_until timestamptz,
        held_price_minor integer,
        booking_id uuid,
        updated_at timestamptz not null default now(),
        unique (show_id, seat_number),
        check ((status = 'LOCKED') = (lock_id is not null and locked_until is not null and locked_by is not null)),
        check ((status = 'BOOKED') = (booking_id is not null))
      )`);
    this.addSql('create index seat_inventory_lock on seat_inventory (lock_id) where lock_id is not null');
    this.addSql(`
      create table seat_locks (
        id uuid primary key,
        show_id uuid not null references show_inventory (show_id) deferrable initially deferred,
        user_id uuid not null,
        seat_numbers text[] not null,
        total_minor integer not null check (total_minor >= 0),
        currency char(3) not null,
        status varchar(20) not null default 'ACTIVE' check (status in ('ACTIVE', 'RELEASED', 'EXPIRED', 'CONSUMED')),
        locked_at timestamptz not null default now(),
        expires_at timestamptz not null,
        ended_at timestamptz,
        booking_id uuid
      )`);
    this.addSql("create index seat_locks_expiry on seat_locks (expires_at) where status = 'ACTIVE'");
    this.addSql("create index seat_locks_user_show on seat_locks (user_id, show_id) where status = 'ACTIVE'");
    this.addSql(`
      create table inventory_snapshots (
        id bigserial primary key,
        show_id uuid not null,
        snapshot_time timestamptz not null default now(),
        total_seats integer not null,
        available_seats integer not null,
        locked_seats integer not null,
        booked_seats integer not null
      )`);
    this.addSql('create index inventory_snapshots_show on inventory_snapshots (show_id, snapshot_time)');
  }

  override down(): void {
    for (const table of ['inventory_snapshots', 'seat_locks', 'seat_inventory', 'show_inventory'])
      this.addSql(`drop table ${table}`);
  }
}
