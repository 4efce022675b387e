import { z } from 'zod';
import { loadConfig } from '@showstream/platform';

const oidcProvider = z.object({
  issuer: z.url(),
  /** The id token's audience: our client id at that provider. */
  clientId: z.string().min(1),
  /** Defaults to the provider's discovery document. */
  jwksUri: z.url().optional(),
});
export type OidcProviderConfig = z.infer<typeof oidcProvider>;

export const usersConfigShape = {
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  /** Two requests from one client refreshing at once must not look like theft (Auth0's reuse interval). */
  REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
  SUPERADMIN_EMAIL: z.email().optional(),
  SUPERADMIN_PASSWORD: z.string().optional(),
  /** JSON map of provider name → { issuer, clientId, jwksUri? } for social login. */
  OIDC_PROVIDERS: z
    .string()
    .default('{}')
    .transform((raw, ctx) => {
      try {
        return z.record(z.string().regex(/^[a-z0-9-]+$/), oidcProvider).parse(JSON.parse(raw));
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `not a valid provider map: ${(error as Error).message}` });
        return z.NEVER;
      }
    }),
};

export const loadUsersConfig = () => loadConfig(usersConfigShape);
export type UsersConfig = ReturnType<typeof loadUsersConfig>;
