import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000800_booking_expiry_warning extends Migration {
  override name = 'Migration20261124000800_booking_expiry_warning';

  override up(): void {
    // When the buyer was told the payment deadline is near, so each pending booking is warned once.
    this.addSql('alter table bookings add column expiry_warned_at timestamptz');
  }

  override down(): void {
    this.addSql('alter table bookings drop column expiry_warned_at');
  }
}
