import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000100_users extends Migration {
  override name = 'Migration20261124000100_users';

  // Foreign keys are checked at commit: the ORM's unit of work does not promise insert order between unrelated entities.
  override up(): void {
    this.addSql(`
      create table users (
        id uuid primary key,
        email varchar(255) not null unique check (email = lower(email)),
        password_hash varchar(255),
        first_name varchar(100),
        last_name varchar(100),
        phone varchar(20),
        date_of_birth date,
        role varchar(20) not null default 'USER' check (role in ('USER', 'ADMIN', 'SUPER_ADMIN')),
        is_active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`
      create table user_preferences (
        id uuid primary key,
        user_id uuid not null unique references users (id) on delete cascade deferrable initially deferred,
        preferred_language varchar(10),
        preferred_city varchar(100),
        notification_preferences jsonb not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`
      create table social_logins (
        id uuid primary key,
        user_id uuid not null references users (id) on delete cascade deferrable initially deferred,
        provider varchar(50) not null,
        provider_user_id varchar(255) not null,
        created_at timestamptz not null default now(),
        unique (provider, provider_user_id)
      )`);
    this.addSql('create index social_logins_user on social_logins (user_id)');
    this.addSql(`
      create table loyalty_accounts (
        id uuid primary key,
        user_id uuid not null unique references users (id) on delete cascade deferrable initially deferred,
        points integer not null default 0 check (points >= 0),
        lifetime_points integer not null default 0 check (lifetime_points >= 0),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`
      create table refresh_tokens (
        id uuid primary key,
        user_id uuid not null references users (id) on delete cascade deferrable initially deferred,
        family_id uuid not null,
        token_hash char(64) not null unique,
        expires_at timestamptz not null,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz not null default now()
      )`);
    this.addSql('create index refresh_tokens_family on refresh_tokens (family_id)');
    this.addSql('create index refresh_tokens_user on refresh_tokens (user_id)');
    this.addSql(`
      create table signing_keys (
        kid varchar(64) primary key,
        algorithm varchar(10) not null,
        private_jwk jsonb not null,
        public_jwk jsonb not null,
        created_at timestamptz not null default now(),
        retired_at timestamptz
      )`);
    this.addSql(`
      create table audit_log (
        id uuid primary key,
        actor_id uuid,
        action varchar(64) not null,
        target_type varchar(32) not null,
        target_id varchar(64) not null,
        details jsonb not null default '{}',
        request_id varchar(128),
        created_at timestamptz not null default now()
      )`);
    this.addSql('create index audit_log_target on audit_log (target_type, target_id, created_at)');
  }

  override down(): void {
    for (const table of [
      'audit_log',
      'signing_keys',
      'refresh_tokens',
      'loyalty_accounts',
      'social_logins',
      'user_preferences',
      'users',
    ]) {
      this.addSql(`drop table ${table}`);
    }
  }
}
