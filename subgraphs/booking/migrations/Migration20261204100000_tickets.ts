import { Migration } from '@mikro-orm/migrations';

export class Migration20261204100000_tickets extends Migration {
  override name = 'Migration20261204100000_tickets';

  override up(): void {
    // One ticket per seat of a confirmed booking; `payload` is the signed token its QR code carries.
    this.addSql(`
      create table tickets (
        id uuid primary key,
        booking_id uuid not null references bookings (id),
        show_id uuid not null,
        seat_number varchar(10) not null,
        row_label varchar(4) not null,
        seat_type varchar(20) not null,
        status varchar(10) not null default 'VALID' check (status in ('VALID', 'USED', 'VOID')),
        payload text not null,
        issued_at timestamptz not null default now(),
        used_at timestamptz,
        used_gate varchar(40),
        voided_at timestamptz,
        void_reason text,
        -- The ticket this one was re-issued in place of.
        replaces uuid references tickets (id),
        check (status <> 'USED' or (used_at is not null and used_gate is not null))
      )`);
    this.addSql('create index tickets_booking on tickets (booking_id)');
    // At the door, a seat of a show admits one person: whatever was voided, one live ticket per seat.
    this.addSql(`create unique index tickets_live_seat on tickets (show_id, seat_number) where status <> 'VOID'`);
    // Scans that could not be honoured when they were uploaded: a ticket used at two doors, or a void one let in.
    this.addSql(`
      create table check_in_conflicts (
        id uuid primary key,
        ticket_id uuid not null references tickets (id),
        show_id uuid not null,
        gate varchar(40) not null,
        scanned_at timestamptz not null,
        reason varchar(20) not null check (reason in ('ALREADY_USED', 'TICKET_VOID')),
        first_gate varchar(40),
        first_used_at timestamptz,
        reported_at timestamptz not null default now(),
        unique (ticket_id, gate, scanned_at)
      )`);
    this.addSql('create index check_in_conflicts_show on check_in_conflicts (show_id, reported_at)');
  }

  override down(): void {
    this.addSql('drop table check_in_conflicts');
    this.addSql('drop table tickets');
  }
}
