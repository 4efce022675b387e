/**
 * Attribute names from OpenTelemetry's semantic conventions that are still "incubating" (as of
 * @opentelemetry/semantic-conventions 1.45). The package asks users to copy these rather than
 * import its `incubating` entry point, which may change in any minor release. Stable names come
 * from the package itself.
 */
export const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
export const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';

export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_MESSAGING_DESTINATION_PARTITION_ID = 'messaging.destination.partition.id';
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
export const ATTR_MESSAGING_CONSUMER_GROUP_NAME = 'messaging.consumer.group.name';
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
export const ATTR_KAFKA_MESSAGE_KEY = 'kafka.message.key';
export const ATTR_KAFKA_OFFSET = 'kafka.offset';
