import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const SocialLoginSchema = defineEntity({
  name: 'SocialLogin',
  tableName: 'social_logins',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    userId: p.uuid(),
    provider: p.string().length(50),
    providerUserId: p.string().length(255),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type SocialLogin = InferEntity<typeof SocialLoginSchema>;
