/**
 * Pub/sub channel names shared by the subgraphs that publish live changes and the router that
 * serves them as subscriptions. One channel per watched object, so a router process only
 * receives what its own sockets watch.
 */
export const liveChannels = {
  seatMap: (showId: string) => `seat-map:${showId}`,
  booking: (bookingId: string) => `booking:${bookingId}`,
  notifications: (userId: string) => `notifications:${userId}`,
};
