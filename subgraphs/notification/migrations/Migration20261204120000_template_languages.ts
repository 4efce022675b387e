import { Migration } from '@mikro-orm/migrations';

export class Migration20261204120000_template_languages extends Migration {
  override name = 'Migration20261204120000_template_languages';

  override up(): void {
    // A template is in one language; English ones are what is queued, and the fallback when a
    // recipient's language has no active template of the kind and channel.
    this.addSql(`alter table notification_templates add column language varchar(8) not null default 'en'`);
    this.addSql('drop index notification_templates_active');
    this.addSql(
      'create unique index notification_templates_active on notification_templates (template_type, channel, language) where is_active',
    );
    // The language the user reads (users' preferences), for choosing the template at send time.
    this.addSql('alter table user_contacts add column language varchar(8)');
  }

  override down(): void {
    this.addSql('alter table user_contacts drop column language');
    this.addSql('drop index notification_templates_active');
    this.addSql(`delete from notification_templates where language <> 'en'`);
    this.addSql(
      'create unique index notification_templates_active on notification_templates (template_type, channel) where is_active',
    );
    this.addSql('alter table notification_templates drop column language');
  }
}
