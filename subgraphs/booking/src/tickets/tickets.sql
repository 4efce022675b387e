/* @name IssueTickets */
insert into tickets (id, booking_id, show_id, seat_number, row_label, seat_type, payload, replaces)
select unnest(:ids!::uuid[]), :bookingId!, :showId!, unnest(:seatNumbers!::text[]), unnest(:rowLabels!::text[]),
  unnest(:seatTypes!::text[]), unnest(:payloads!::text[]), :replaces::uuid;

/* @name TicketsOfBookings */
-- Live tickets first, each seat in order; a seat's void (replaced) tickets after.
select
  id,
  booking_id as "bookingId",
  show_id as "showId",
  seat_number as "seatNumber",
  row_label as "rowLabel",
  seat_type as "seatType",
  status,
  payload,
  issued_at as "issuedAt",
  used_at as "usedAt",
  used_gate as "usedGate",
  voided_at as "voidedAt",
  void_reason as "voidReason"
from tickets
where booking_id = any(:bookingIds!::uuid[])
order by status = 'VOID', row_label, length(seat_number), seat_number, issued_at desc;

/* @name LockTicket */
-- The row lock makes every scan of one ticket wait for the one before it.
select
  t.id,
  t.booking_id as "bookingId",
  t.show_id as "showId",
  t.seat_number as "seatNumber",
  t.row_label as "rowLabel",
  t.seat_type as "seatType",
  t.status,
  t.payload,
  t.issued_at as "issuedAt",
  t.used_at as "usedAt",
  t.used_gate as "usedGate",
  t.voided_at as "voidedAt",
  t.void_reason as "voidReason",
  b.user_id as "userId!",
  b.show_starts_at as "showStartsAt!"
from tickets t
join bookings b on b.id = t.booking_id
where t.id = :id!
for update of t;

/* @name MarkTicketUsed */
update tickets set status = 'USED', used_at = :usedAt!, used_gate = :gate! where id = :id! and status = 'VALID';

/* @name VoidTicketsOfBooking */
update tickets set status = 'VOID', voided_at = now(), void_reason = :reason!
where booking_id = :bookingId! and status <> 'VOID';

/* @name VoidReissuedTicket */
update tickets set status = 'VOID', voided_at = now(), void_reason = 'Re-issued'
where id = :id! and status = 'VALID'
returning id;

/* @name CheckInCount */
select
  count(*) filter (where status = 'USED')::int as "checkedIn!",
  count(*) filter (where status <> 'VOID')::int as "admissible!"
from tickets
where show_id = :showId!;

/* @name ShowManifest */
select id, seat_number as "seatNumber", status from tickets where show_id = :showId! order by seat_number, issued_at;

/* @name RecordCheckInConflict */
insert into check_in_conflicts (id, ticket_id, show_id, gate, scanned_at, reason, first_gate, first_used_at)
values (:id!, :ticketId!, :showId!, :gate!, :scannedAt!, :reason!, :firstGate, :firstUsedAt)
on conflict (ticket_id, gate, scanned_at) do nothing;

/* @name CheckInConflictsOfShow */
select
  c.ticket_id as "ticketId",
  t.seat_number as "seatNumber!",
  c.gate,
  c.scanned_at as "scannedAt",
  c.reason,
  c.first_gate as "firstGate",
  c.first_used_at as "firstUsedAt",
  c.reported_at as "reportedAt"
from check_in_conflicts c
join tickets t on t.id = c.ticket_id
where c.show_id = :showId!
order by c.reported_at, c.scanned_at;
