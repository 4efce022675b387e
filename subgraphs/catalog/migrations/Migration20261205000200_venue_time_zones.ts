import { Migration } from '@mikro-orm/migrations';

export class Migration20261205000200_venue_time_zones extends Migration {
  override name = 'Migration20261205000200_venue_time_zones';

  override up(): void {
    // Every venue so far is in India: existing rows get Asia/Kolkata, and new ones must name their zone
    // (an IANA name the service checks; PostgreSQL's own zone list need not match the runtime's ICU).
    this.addSql("alter table venues add column time_zone varchar(64) not null default 'Asia/Kolkata'");
    this.addSql('alter table venues alter column time_zone drop default');
  }

  override down(): void {
    this.addSql('alter table venues drop column time_zone');
  }
}
