import type DataLoader from 'dataloader';
import { keyedLoader, type BaseContext, type EntityManager } from '@showstream/platform';
import type { PushDeviceService } from './contacts/push-device.service.ts';
import type { RecipientService } from './contacts/recipient.service.ts';
import type { DeliveryService } from './deliveries/delivery.service.ts';
import type { InboxService } from './inbox/inbox.service.ts';
import { TemplateSchema, type Template } from './templates/template.entity.ts';
import type { TemplateService } from './templates/template.service.ts';

export interface NotificationLoaders {
  template: DataLoader<string, Template | null>;
}

export interface NotificationContext extends BaseContext {
  em: EntityManager;
  inbox: InboxService;
  deliveries: DeliveryService;
  templates: TemplateService;
  devices: PushDeviceService;
  recipients: RecipientService;
  loaders: NotificationLoaders;
}

/** A page of the delivery log costs one template query, whatever its size. */
export function createLoaders(em: EntityManager): NotificationLoaders {
  return {
    template: keyedLoader(
      (ids) => em.find(TemplateSchema, { id: { $in: [...ids] } }),
      (row) => row.id,
    ),
  };
}
