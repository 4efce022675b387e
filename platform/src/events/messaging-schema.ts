import { Migration } from '@mikro-orm/migrations';

/**
 * Tables every subgraph database has for reliable messaging: the transactional outbox
 * (events written in the same transaction as the change they describe) and the inbox of
 * event ids a consumer has applied (so a redelivered event changes nothing).
 */
export class MessagingTablesMigration extends Migration {
  override name = 'Migration20261124000000_platform_messaging';

  override up(): void {
    this.addSql(`
      create table outbox_events (
        seq bigserial primary key,
        id uuid not null unique,
        topic text not null,
        partition_key text not null,
        event_type text not null,
        envelope jsonb not null,
        created_at timestamptz not null default now(),
        published_at timestamptz
      )`);
    this.addSql('create index outbox_events_pending on outbox_events (seq) where published_at is null');
    this.addSql(`
      create table processed_events (
        consumer text not null,
        event_id uuid not null,
        processed_at timestamptz not null default now(),
        primary key (consumer, event_id)
      )`);
  }

  override down(): void {
    this.addSql('drop table processed_events');
    this.addSql('drop table outbox_events');
  }
}

export const messagingMigrations = [
  { name: 'Migration20261124000000_platform_messaging', class: MessagingTablesMigration },
];
export const messagingEntities = [] as const;
