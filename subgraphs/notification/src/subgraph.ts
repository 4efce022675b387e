import {
  InternalClient,
  accessTokenVerifier,
  handlerByTopic,
  idempotentHandler,
  loadSchemaFile,
  openSubgraphStore,
  startSubgraphServer,
  type EventHandler,
  type Infrastructure,
  type RunningServer,
} from '@showstream/platform';
import { Migration20261204120000_template_languages } from '../migrations/Migration20261204120000_template_languages.ts';
import { Migration20261124000600_notification } from '../migrations/Migration20261124000600_notification.ts';
import { createChannelAdapters } from './channels/registry.ts';
import { loadNotificationConfig } from './config.ts';
import { ContactSchema, PushDeviceSchema } from './contacts/contact.entity.ts';
import { PushDeviceService } from './contacts/push-device.service.ts';
import { RecipientService } from './contacts/recipient.service.ts';
import { CONTACT_EVENTS, applyUserEvent } from './contacts/user-events.handler.ts';
import { createLoaders, type NotificationContext } from './context.ts';
import { DeliverySchema } from './deliveries/delivery.entity.ts';
import { DeliveryService } from './deliveries/delivery.service.ts';
import { DeliveryWorker } from './deliveries/delivery-worker.ts';
import { TicketAttachments } from './deliveries/ticket-attachments.ts';
import { InboxService } from './inbox/inbox.service.ts';
import { permissions } from './permissions.ts';
import { resolvers } from './resolvers.ts';
import { TemplateSchema } from './templates/template.entity.ts';
import { TemplateService } from './templates/template.service.ts';
import { queueRequested } from './triggers/notification-requested.handler.ts';

export const typeDefs = loadSchemaFile(new URL('../schema.graphql', import.meta.url));

const entities = [ContactSchema, PushDeviceSchema, TemplateSchema, DeliverySchema];
const migrations = [
  { name: 'Migration20261124000600_notification', class: Migration20261124000600_notification },
  { name: 'Migration20261204120000_template_languages', class: Migration20261204120000_template_languages },
];

/** Starts the notification subgraph: default templates, the contacts projection, the trigger consumer and the delivery worker, then the server. */
export async function start(infra: Infrastructure): Promise<RunningServer> {
  const config = loadNotificationConfig();
  const store = await openSubgraphStore(infra, 'notification', { entities, migrations });
  await new TemplateService(store.orm.em.fork()).seedDefaults();

  const worker = new DeliveryWorker({
    orm: store.orm,
    adapters: createChannelAdapters(config, infra),
    config,
    logger: infra.logger,
    ticketAttachments: new TicketAttachments(new InternalClient(config, 'booking', infra.logger)),
  });
  // Wakes the worker once the handler's transaction has committed, so a queued message goes out at once.
  const thenWake = (handler: EventHandler<'notification-events'>): EventHandler<'notification-events'> => {
    const woken: EventHandler<'notification-events'> = async (envelope, topic) => {
      await handler(envelope, topic);
      worker.wake();
    };
    const { batch } = handler;
    if (batch) {
      woken.batch = async (events) => {
        await batch(events);
        worker.wake();
      };
    }
    return woken;
  };

  // One consumer group for the service; each job keeps its own inbox.
  await infra.bus.consume({
    groupId: 'notification',
    topics: ['user-events', 'notification-events'],
    handler: handlerByTopic({
      'user-events': idempotentHandler(store.orm, 'notification-contacts', applyUserEvent, { types: CONTACT_EVENTS }),
      'notification-events': thenWake(
        idempotentHandler(store.orm, 'notification-triggers', (envelope, tx) =>
          queueRequested(envelope, tx, infra.logger),
        ),
      ),
    }),
  });
  worker.start(infra.lifecycle);

  return startSubgraphServer<NotificationContext>({
    name: 'notification',
    infra,
    typeDefs,
    resolvers,
    permissions,
    store,
    verifyToken: accessTokenVerifier(config),
    createContext: (base, em) => {
      return {
        ...base,
        em,
        inbox: new InboxService(em),
        deliveries: new DeliveryService(em, () => worker.wake()),
        templates: new TemplateService(em),
        devices: new PushDeviceService(em),
        recipients: new RecipientService(em),
        loaders: createLoaders(em),
      };
    },
    extraHealthChecks: { pubsub: () => infra.pubsub.healthy() },
  });
}
