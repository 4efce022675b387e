import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000500_audit_log_outcome extends Migration {
  override name = 'Migration20261124000500_audit_log_outcome';

  override up(): void {
    // The log now also holds every subgraph's admin actions (audit-events), including refused attempts.
    this.addSql(
      "alter table audit_log add column actor_role varchar(16), add column outcome varchar(10) not null default 'SUCCEEDED' check (outcome in ('SUCCEEDED', 'FAILED', 'DENIED'))",
    );
    this.addSql('create index audit_log_newest_first on audit_log (created_at desc, id desc)');
  }

  override down(): void {
    this.addSql('drop index audit_log_newest_first');
    this.addSql('alter table audit_log drop column actor_role, drop column outcome');
  }
}
