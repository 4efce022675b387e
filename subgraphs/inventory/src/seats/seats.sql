/* @name ReadSeatMap */
-- Seats and the show's version and currency in one statement, so they come from one snapshot. The seat columns
-- are the ones every statement that shows seats selects (SeatViewSource, seat.entity.ts).
select s.seat_number, s.row_label, s.seat_type, s.price_minor, s.status, s.locked_until, s.held_price_minor, s.lock_id,
  si.version, si.currency
from seat_inventory s join show_inventory si on si.show_id = s.show_id
where s.show_id = :showId!
order by s.position;
