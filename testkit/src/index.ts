export { graphqlClient, errorCode, type GraphQLResponse, type RequestOptions } from './graphql-client.ts';
export {
  startStack,
  testEnvironment,
  dropTestDatabases,
  waitFor,
  metricsUrl,
  repositoryRoot,
  SUPERADMIN,
  TEST_ROUTER_SECRET,
  TEST_PORT_BASE,
  TEST_DB_PREFIX,
  TEST_REDIS_NAMESPACE,
  OIDC_SANDBOX_PORT,
  type RunningStack,
  type TestEnvironment,
} from './stack.ts';
export { readEvents, readRecords, type TopicRecord } from './kafka-reader.ts';
export { startOidcSandbox, requestIdToken, OIDC_SANDBOX_CLIENT_ID, type IdTokenClaims } from './oidc-provider.ts';
export { registerUser, loginAs, uniqueEmail, type TestUser } from './users.ts';
export { smallLayout, createVenueWithScreen, createEvent, scheduleShow, type TestVenue } from './catalog.ts';
export { publishEvents } from './kafka-writer.ts';
export { openLiveSocket, subscribe, type LiveSocket, type LiveSubscriber } from './live.ts';
export {
  crashAndRestart,
  withServiceDown,
  withServiceHung,
  withKafkaDown,
  withRedisDown,
  serviceHealth,
  startPrivateRedis,
  stopPrivateRedis,
  runSql,
  waitForConsumerGroup,
  PRIVATE_REDIS_PORT,
  type StackService,
} from './faults.ts';
export {
  BOOKING,
  BOOKING_FIELDS,
  CANCEL_BOOKING,
  CREATE_BOOKING,
  getBooking,
  holdAndBook,
  holdSeats,
  paymentFailed,
  paymentSucceeded,
  showWithSeats,
  waitForBooking,
  waitForHoldConsumed,
  type TestBooking,
} from './booking.ts';
export {
  startStripeSandbox,
  STRIPE_SANDBOX_PORT,
  STRIPE_SANDBOX_SECRET_KEY,
  STRIPE_SANDBOX_WEBHOOK_SECRET,
  type StripeSandbox,
} from './stripe-sandbox.ts';
export { testCard, bookAndPay, INITIATE, CONFIRM } from './payment.ts';
export { startServiceProcess, runUntilExit, type ServiceProcess } from './service-process.ts';
export {
  startSmtpSandbox,
  SMTP_SANDBOX_PORT,
  SMTP_BOUNCE_DOMAIN,
  type SmtpSandbox,
  type ReceivedEmail,
} from './smtp-sandbox.ts';
export {
  startMessagingSandbox,
  messagingSandboxEnv,
  providerRequests,
  receivedEmails,
  failNextDeliveries,
  MESSAGING_SANDBOX_PORT,
  INVALID_PHONE_NUMBER,
  UNREGISTERED_PUSH_TOKEN_PREFIX,
  type MessagingSandbox,
  type ProviderRequest,
  type SandboxChannel,
} from './messaging-sandbox.ts';
export {
  startOtlpCollector,
  receivedSpans,
  OTLP_COLLECTOR_PORT,
  OTLP_COLLECTOR_URL,
  type OtlpCollector,
  type ReceivedSpan,
} from './otlp-collector.ts';
export { startRouterProcess, type RouterProcess } from './router-process.ts';
export { signAccessToken, usersSigningKey, type AccessTokenClaims } from './access-tokens.ts';
export { BROWSER_ARTIFACTS, chromiumLaunchOptions } from './browser.ts';
export { qrCodesInPdf, qrCodeInPng, calendarEvents } from './documents.ts';
