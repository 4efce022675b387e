import { Migration } from '@mikro-orm/migrations';

export class Migration20261203000100_token_revocations extends Migration {
  override name = 'Migration20261203000100_token_revocations';

  override up(): void {
    // Every access token carries the version; raising it voids the tokens issued before.
    this.addSql('alter table users add column token_version integer not null default 0 check (token_version >= 0)');
    // An outbox for Redis: written with the deactivation or demotion, sent to the routers after commit, retried until sent.
    this.addSql(`
      create table token_revocations (
        seq bigserial primary key,
        user_id uuid not null references users (id) on delete cascade,
        token_version integer not null,
        expires_at timestamptz not null,
        created_at timestamptz not null default now(),
        published_at timestamptz
      )`);
    this.addSql('create index token_revocations_unpublished on token_revocations (seq) where published_at is null');
    this.addSql('create index token_revocations_expiry on token_revocations (expires_at)');
  }

  override down(): void {
    this.addSql('drop table token_revocations');
    this.addSql('alter table users drop column token_version');
  }
}
