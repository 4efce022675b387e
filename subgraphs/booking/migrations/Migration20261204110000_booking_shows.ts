import { Migration } from '@mikro-orm/migrations';

export class Migration20261204110000_booking_shows extends Migration {
  override name = 'Migration20261204110000_booking_shows';

  override up(): void {
    // Shows as catalog announced them (ShowScheduled) or answered when asked: what a confirmation tells the buyer.
    this.addSql(`
      create table booking_shows (
        show_id uuid primary key,
        event_title varchar(255) not null,
        venue_name varchar(255) not null,
        venue_address text,
        time_zone varchar(64) not null,
        starts_at timestamptz not null,
        ends_at timestamptz not null
      )`);
  }

  override down(): void {
    this.addSql('drop table booking_shows');
  }
}
