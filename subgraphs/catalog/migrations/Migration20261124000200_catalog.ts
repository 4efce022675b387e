import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000200_catalog extends Migration {
  override name = 'Migration20261124000200_catalog';

  // Foreign keys are checked at commit: the unit of work does not promise insert order between entities.
  override up(): void {
    this.addSql('create extension if not exists pg_trgm');
    this.addSql('create extension if not exists btree_gist');
    // array_to_string is only STABLE; genres are plain text, so this wrapper may be IMMUTABLE and feed a generated column.
    this.addSql(
      `create function catalog_genres_text(text[]) returns text language sql immutable parallel safe as $$ select array_to_string($1, ' ') $$`,
    );

    this.addSql(`
      create table venues (
        id uuid primary key,
        name varchar(255) not null,
        address text,
        city varchar(100) not null,
        state varchar(100),
        postal_code varchar(20),
        phone varchar(20),
        facilities jsonb not null default '[]',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql('create index venues_city on venues (lower(city), name, id)');

    this.addSql(`
      create table screens (
        id uuid primary key,
        venue_id uuid not null references venues (id) deferrable initially deferred,
        name varchar(100) not null,
        capacity integer not null check (capacity > 0),
        screen_type varchar(50),
        sound_system varchar(50),
        seating_layout jsonb not null,
        created_at timestamptz not null default now(),
        unique (venue_id, name)
      )`);

    this.addSql(`
      create table events (
        id uuid primary key,
        title varchar(255) not null,
        description text,
        category varchar(20) not null check (category in ('MOVIE', 'CONCERT', 'PLAY', 'SPORTS', 'COMEDY', 'OTHER')),
        genres text[] not null default '{}',
        duration_minutes integer check (duration_minutes between 1 and 1440),
        rating varchar(10),
        language varchar(50),
        release_date date,
        poster_url varchar(500),
        trailer_url varchar(500),
        is_active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        search_vector tsvector generated always as (
          setweight(to_tsvector('simple', title), 'A') ||
          setweight(to_tsvector('simple', catalog_genres_text(genres) || ' ' || coalesce(language, '')), 'B') ||
          setweight(to_tsvector('english', coalesce(description, '')), 'C')
        ) stored
      )`);
    this.addSql('create index events_search on events using gin (search_vector)');
    this.addSql('create index events_title_trigram on events using gin (lower(title) gin_trgm_ops)');
    this.addSql('create index events_listing on events (created_at desc, id desc) where is_active');

    this.addSql(`
      create table shows (
        id uuid primary key,
        event_id uuid not null references events (id) deferrable initially deferred,
        screen_id uuid not null references screens (id) deferrable initially deferred,
        venue_id uuid not null references venues (id) deferrable initially deferred,
        city varchar(100) not null,
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        blocked_until timestamptz not null,
        base_price_minor integer not null check (base_price_minor >= 0),
        currency char(3) not null default 'INR',
        seat_type_prices jsonb not null,
        dynamic_pricing_enabled boolean not null default false,
        total_seats integer not null check (total_seats > 0),
        sold_seats integer not null default 0 check (sold_seats >= 0),
        status varchar(20) not null default 'SCHEDULED' check (status in ('SCHEDULED', 'CANCELLED')),
        cancellation_reason text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (ends_at > starts_at and blocked_until >= ends_at),
        -- The database, not application code, guarantees one screen never hosts two shows at once.
        constraint shows_no_overlap exclude using gist (screen_id with =, tstzrange(starts_at, blocked_until) with &&) where (status = 'SCHEDULED')
      )`);
    this.addSql("create index shows_event_start on shows (event_id, starts_at) where status = 'SCHEDULED'");
    this.addSql("create index shows_city_start on shows (lower(city), starts_at) where status = 'SCHEDULED'");
    this.addSql("create index shows_venue_start on shows (venue_id, starts_at) where status = 'SCHEDULED'");
  }

  override down(): void {
    for (const table of ['shows', 'events', 'screens', 'venues']) this.addSql(`drop table ${table}`);
    this.addSql('drop function catalog_genres_text(text[])');
  }
}
