import { Migration } from '@mikro-orm/migrations';

/**
 * Holds and releases as SQL functions, so each takes one round trip instead of one per statement
 * (PL/pgSQL also keeps its statements' plans for the session). They check and change seats and
 * holds only; the show's counts, version and event are written after them, in the last statement
 * before COMMIT (see show-versions.ts), so the show's row lock is held for one round trip.
 * Refusals are returned, not raised, and come before any write.
 */
export class Migration20261203000000_hold_functions extends Migration {
  override name = 'Migration20261203000000_hold_functions';

  override up(): void {
    this.addSql(`
      create function inventory_hold(p_show uuid, p_user uuid, p_seats text[], p_max_seats int, p_lock uuid, p_hold_ms int)
      returns jsonb language plpgsql as $$
      declare
        v_show record;
        v_held int;
        v_found text[];
        v_taken text[];
        v_ids uuid[];
        v_from_available int;
        v_total int;
        v_seats jsonb;
        v_locked_at timestamptz;
        v_expires_at timestamptz;
      begin
        select status, starts_at <= now() as started, currency, starts_at into v_show from show_inventory where show_id = p_show;
        if not found then return jsonb_build_object('refused', 'NO_SHOW'); end if;
        if v_show.status = 'CANCELLED' then return jsonb_build_object('refused', 'CANCELLED'); end if;
        if v_show.started then return jsonb_build_object('refused', 'STARTED'); end if;
        -- One person's concurrent requests for one show queue here, so the per-person limit holds under races.
        perform pg_advisory_xact_lock(hashtext('hold:' || p_user || ':' || p_show));
        select coalesce(sum(cardinality(seat_numbers)), 0) into v_held from seat_locks
         where user_id = p_user and show_id = p_show and status = 'ACTIVE' and expires_at > now();
        if v_held + cardinality(p_seats) > p_max_seats then return jsonb_build_object('refused', 'OVER_LIMIT', 'held', v_held); end if;
        -- Row locks in seat order, so overlapping holds and releases cannot deadlock.
        select coalesce(array_agg(seat_number order by seat_number), '{}'),
               coalesce(array_agg(seat_number order by seat_number) filter (where not free), '{}'),
               coalesce(array_agg(id), '{}'),
               count(*) filter (where status = 'AVAILABLE'),
               coalesce(sum(price_minor), 0),
               coalesce(jsonb_agg(jsonb_build_object('number', seat_number, 'row', row_label, 'seatType', seat_type, 'priceMinor', price_minor, 'status', 'LOCKED') order by seat_number), '[]')
          into v_found, v_taken, v_ids, v_from_available, v_total, v_seats
          from (select id, seat_number, row_label, seat_type, price_minor, status,
                       (status = 'AVAILABLE' or (status = 'LOCKED' and locked_until <= now())) as free
                  from seat_inventory where show_id = p_show and seat_number = any(p_seats)
                 order by seat_number for update) candidates;
        -- All or nothing.
        if cardinality(v_found) < cardinality(p_seats) or cardinality(v_taken) > 0 then
          return jsonb_build_object('refused', 'SEATS', 'found', v_found, 'taken', v_taken);
        end if;
        -- The hold runs from now, once its seats are ours, not from when the request began to wait for them
        -- (a clock JavaScript shares: milliseconds).
        v_locked_at := date_trunc('milliseconds', clock_timestamp());
        v_expires_at := v_locked_at + p_hold_ms * interval '1 millisecond';
        update seat_inventory set status = 'LOCKED', lock_id = p_lock, locked_by = p_user, locked_until = v_expires_at, held_price_minor = price_minor, updated_at = now()
         where id = any(v_ids);
        insert into seat_locks (id, show_id, user_id, seat_numbers, total_minor, currency, status, locked_at, expires_at)
        values (p_lock, p_show, p_user, v_found, v_total, v_show.currency, 'ACTIVE', v_locked_at, v_expires_at);
        -- Seats taken over from a hold that had expired but was not yet swept were already counted as locked.
        return jsonb_build_object('seatNumbers', v_found, 'seats', v_seats, 'totalMinor', v_total, 'currency', v_show.currency,
                                  'startsAt', v_show.starts_at, 'lockedAt', v_locked_at, 'expiresAt', v_expires_at, 'fromAvailable', v_from_available);
      end $$`);
    // A hold's LOCKED seats (p_booking null) or a booking's BOOKED seats go back on sale, BLOCKED when the show was cancelled.
    this.addSql(`
      create function inventory_free_seats(p_show uuid, p_lock uuid, p_booking uuid)
      returns jsonb language plpgsql as $$
      declare
        v_show record;
        v_free_as text;
        v_count int;
        v_seats jsonb;
      begin
        select status, currency into v_show from show_inventory where show_id = p_show;
        -- A show unknown here has no seats to give back.
        if not found then return null; end if;
        v_free_as := case when v_show.status = 'CANCELLED' then 'BLOCKED' else 'AVAILABLE' end;
        -- Row locks in seat order, as holds take them, so the two cannot deadlock on shared seats.
        if p_booking is null then
          perform 1 from seat_inventory where show_id = p_show and lock_id = p_lock and status = 'LOCKED' order by seat_number for update;
          with freed as (
            update seat_inventory set status = v_free_as, lock_id = null, locked_by = null, locked_until = null, held_price_minor = null, booking_id = null, updated_at = now()
             where show_id = p_show and lock_id = p_lock and status = 'LOCKED' returning seat_number, row_label, seat_type, price_minor)
          select count(*), coalesce(jsonb_agg(jsonb_build_object('number', seat_number, 'row', row_label, 'seatType', seat_type, 'priceMinor', price_minor, 'status', v_free_as)), '[]')
            into v_count, v_seats from freed;
        else
          perform 1 from seat_inventory where show_id = p_show and booking_id = p_booking and status = 'BOOKED' order by seat_number for update;
          with freed as (
            update seat_inventory set status = v_free_as, lock_id = null, locked_by = null, locked_until = null, held_price_minor = null, booking_id = null, updated_at = now()
             where show_id = p_show and booking_id = p_booking and status = 'BOOKED' returning seat_number, row_label, seat_type, price_minor)
          select count(*), coalesce(jsonb_agg(jsonb_build_object('number', seat_number, 'row', row_label, 'seatType', seat_type, 'priceMinor', price_minor, 'status', v_free_as)), '[]')
            into v_count, v_seats from freed;
        end if;
        return jsonb_build_object('count', v_count, 'seats', v_seats, 'currency', v_show.currency, 'freeAs', v_free_as);
      end $$`);
    // Ends a hold: frees the seats it still holds (a seat taken over after expiry is no longer its) and records how it ended.
    this.addSql(`
      create function inventory_end_hold(p_lock uuid, p_show uuid, p_status text)
      returns jsonb language plpgsql as $$
      declare
        v_freed jsonb;
      begin
        v_freed := inventory_free_seats(p_show, p_lock, null);
        update seat_locks set status = p_status, ended_at = now() where id = p_lock;
        return v_freed;
      end $$`);
    // A holder (or an admin) releasing a hold: the hold's row lock first, then the checks, then the seats.
    this.addSql(`
      create function inventory_release(p_lock uuid, p_user uuid, p_any_holder boolean)
      returns jsonb language plpgsql as $$
      declare
        v_lock seat_locks;
        v_freed jsonb;
      begin
        select * into v_lock from seat_locks where id = p_lock for update;
        if not found then return jsonb_build_object('refused', 'NOT_FOUND'); end if;
        if v_lock.user_id <> p_user and not p_any_holder then return jsonb_build_object('refused', 'FORBIDDEN'); end if;
        if v_lock.status = 'CONSUMED' then return jsonb_build_object('refused', 'CONSUMED'); end if;
        if v_lock.status = 'ACTIVE' then
          v_freed := inventory_end_hold(p_lock, v_lock.show_id, 'RELEASED');
          select * into v_lock from seat_locks where id = p_lock;
        end if;
        return jsonb_build_object('lock', to_jsonb(v_lock), 'freed', v_freed);
      end $$`);
  }

  override down(): void {
    for (const fn of [
      'inventory_release(uuid, uuid, boolean)',
      'inventory_end_hold(uuid, uuid, text)',
      'inventory_free_seats(uuid, uuid, uuid)',
      'inventory_hold(uuid, uuid, text[], int, uuid, int)',
    ]) {
      this.addSql(`drop function ${fn}`);
    }
  }
}
