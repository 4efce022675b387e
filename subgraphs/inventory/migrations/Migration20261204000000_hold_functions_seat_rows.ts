import { Migration } from '@mikro-orm/migrations';

/**
 * The hold functions answer with the seats' rows as the change leaves them (`to_jsonb` of the changed rows),
 * no longer with seat views built in SQL: the code turns them into views with its one `seatView`, as it
 * does every other seat row. Same statements, locks and round trips otherwise. Going back means running
 * Migration20261203000000_hold_functions' definitions of these two functions again.
 */
export class Migration20261204000000_hold_functions_seat_rows extends Migration {
  override name = 'Migration20261204000000_hold_functions_seat_rows';

  override up(): void {
    this.addSql(`
      create or replace function inventory_hold(p_show uuid, p_user uuid, p_seats text[], p_max_seats int, p_lock uuid, p_hold_ms int)
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
               coalesce(sum(price_minor), 0)
          into v_found, v_taken, v_ids, v_from_available, v_total
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
        with locked as (
          update seat_inventory set status = 'LOCKED', lock_id = p_lock, locked_by = p_user, locked_until = v_expires_at, held_price_minor = price_minor, updated_at = now()
           where id = any(v_ids)
          returning seat_number, row_label, seat_type, price_minor, status, locked_until, held_price_minor, lock_id)
        select coalesce(jsonb_agg(to_jsonb(locked) order by seat_number), '[]') into v_seats from locked;
        insert into seat_locks (id, show_id, user_id, seat_numbers, total_minor, currency, status, locked_at, expires_at)
        values (p_lock, p_show, p_user, v_found, v_total, v_show.currency, 'ACTIVE', v_locked_at, v_expires_at);
        -- Seats taken over from a hold that had expired but was not yet swept were already counted as locked.
        return jsonb_build_object('seatNumbers', v_found, 'seats', v_seats, 'totalMinor', v_total, 'currency', v_show.currency,
                                  'startsAt', v_show.starts_at, 'lockedAt', v_locked_at, 'expiresAt', v_expires_at, 'fromAvailable', v_from_available);
      end $$`);
    this.addSql(`
      create or replace function inventory_free_seats(p_show uuid, p_lock uuid, p_booking uuid)
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
             where show_id = p_show and lock_id = p_lock and status = 'LOCKED' returning seat_number, row_label, seat_type, price_minor, status, locked_until, held_price_minor, lock_id)
          select count(*), coalesce(jsonb_agg(to_jsonb(freed) order by seat_number), '[]')
            into v_count, v_seats from freed;
        else
          perform 1 from seat_inventory where show_id = p_show and booking_id = p_booking and status = 'BOOKED' order by seat_number for update;
          with freed as (
            update seat_inventory set status = v_free_as, lock_id = null, locked_by = null, locked_until = null, held_price_minor = null, booking_id = null, updated_at = now()
             where show_id = p_show and booking_id = p_booking and status = 'BOOKED' returning seat_number, row_label, seat_type, price_minor, status, locked_until, held_price_minor, lock_id)
          select count(*), coalesce(jsonb_agg(to_jsonb(freed) order by seat_number), '[]')
            into v_count, v_seats from freed;
        end if;
        return jsonb_build_object('count', v_count, 'seats', v_seats, 'currency', v_show.currency, 'freeAs', v_free_as);
      end $$`);
  }
}
