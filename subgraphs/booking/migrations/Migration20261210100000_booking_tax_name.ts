import { Migration } from '@mikro-orm/migrations';

export class Migration20261210100000_booking_tax_name extends Migration {
  override name = 'Migration20261210100000_booking_tax_name';

  override up(): void {
    // The name of the tax on the fee under the rule of the booking's currency (GST for INR), null without one.
    // Bookings before fee rules per currency were all charged GST on the fee, whatever their currency.
    this.addSql('alter table bookings add column tax_name varchar(20)');
    this.addSql("update bookings set tax_name = 'GST' where taxes_minor > 0");
    this.addSql('alter table bookings add check (taxes_minor = 0 or tax_name is not null)');
  }

  override down(): void {
    this.addSql('alter table bookings drop column tax_name');
  }
}
