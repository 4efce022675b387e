import { allow, hasRole, type PermissionOptions } from '@showstream/platform';

const admin = hasRole('ADMIN');

/** The catalogue is public to read, signed in or not; only admins change it. Anything not listed is denied. */
export const permissions: PermissionOptions = {
  entityTypes: ['Event', 'Venue', 'Screen', 'Show'],
  rules: {
    Query: {
      events: allow,
      searchEvents: allow,
      event: allow,
      venues: allow,
      venue: allow,
      show: allow,
      shows: allow,
      cities: allow,
    },
    Mutation: {
      createVenue: admin,
      updateVenue: admin,
      addScreen: admin,
      createEvent: admin,
      updateEvent: admin,
      archiveEvent: admin,
      scheduleShow: admin,
      cancelShow: admin,
    },
    Event: allow,
    Venue: allow,
    Screen: allow,
    SeatingLayout: allow,
    SeatRow: allow,
    LayoutCell: allow,
    SeatTypePrice: allow,
    Show: allow,
    LocalTime: allow,
    Money: allow,
    PageInfo: allow,
    EventConnection: allow,
    EventEdge: allow,
    VenueConnection: allow,
    VenueEdge: allow,
    ShowConnection: allow,
    ShowEdge: allow,
  },
};
