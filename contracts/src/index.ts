export { TOPICS, eventSchema, isTopic, type EventData, type EventType, type Topic, type TopicEvent } from './topics.ts';
export { ContractViolation, parseEnvelope, type EventEnvelope, type TopicEnvelope } from './envelope.ts';
export {
  liveChannels,
  defineLiveFields,
  BOOKING_STATUSES,
  type LiveChannel,
  type LiveFieldDeclaration,
  type LiveMessage,
} from './live.ts';
export { SEAT_STATUSES, ROLES, type Seat, type SeatStatus, type SeatView } from './events/shared.ts';
export { RELEASE_REASONS, SEAT_CHANGE_EVENTS, type SeatChangeEvent } from './events/inventory-events.ts';
export { PAYMENT_FAILURE_CODES } from './events/payment-events.ts';
export { NOTIFICATION_CHANNELS } from './events/user-events.ts';
export {
  NOTIFICATION_KINDS,
  NOTIFICATION_TRIGGERS,
  TicketDelivery,
  isNotificationKind,
  type NotificationKind,
} from './events/notification-events.ts';
export { AUDIT_OUTCOMES } from './events/audit-events.ts';
export { ShowFacts, TicketDocuments } from './internal.ts';
