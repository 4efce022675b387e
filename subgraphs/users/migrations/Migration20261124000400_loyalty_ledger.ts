import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000400_loyalty_ledger extends Migration {
  override name = 'Migration20261124000400_loyalty_ledger';

  override up(): void {
    // Every change to a balance has a row, so points can be explained and a reversal never exceeds what a booking earned.
    this.addSql(`
      create table loyalty_transactions (
        id uuid primary key,
        user_id uuid not null references users (id) on delete cascade deferrable initially deferred,
        booking_id uuid not null,
        -- The payment a booking was confirmed with: only refunds of that payment take points back.
        payment_id varchar(64),
        kind varchar(10) not null check (kind in ('EARN', 'REVERSE')),
        points integer not null check (points >= 0),
        amount_minor integer not null check (amount_minor >= 0),
        created_at timestamptz not null default now()
      )`);
    this.addSql(
      "create unique index loyalty_transactions_one_earn_per_booking on loyalty_transactions (booking_id) where kind = 'EARN'",
    );
    this.addSql('create index loyalty_transactions_by_user on loyalty_transactions (user_id, created_at desc)');
  }

  override down(): void {
    this.addSql('drop table loyalty_transactions');
  }
}
