import type { ChannelAdapter, OutgoingMessage, SendResult } from './channel.ts';
import { PermanentDeliveryError } from './channel.ts';
import { providerFetch } from './provider-http.ts';

export interface FcmOptions {
  apiBase: string;
  projectId: string;
  /** An OAuth 2.0 access token with the firebase.messaging scope. */
  accessToken: string;
}

/** The device's token is gone for good: the app was uninstalled or the token rotated. */
export class UnregisteredDeviceError extends PermanentDeliveryError {
  override name = 'UnregisteredDeviceError';
}

/**
 * Push through Firebase Cloud Messaging HTTP v1: `POST /v1/projects/{project}/messages:send` with
 * `{ message: { token, notification: { title, body }, data } }` and a Bearer token. 404 UNREGISTERED
 * (and 400 INVALID_ARGUMENT for a malformed token) refuse that device for good.
 */
export class FcmPushChannel implements ChannelAdapter {
  readonly channel = 'PUSH' as const;
  readonly #options: FcmOptions;

  constructor(options: FcmOptions) {
    this.#options = options;
  }

  async send(message: OutgoingMessage, signal: AbortSignal): Promise<SendResult> {
    const { apiBase, projectId, accessToken } = this.#options;
    const response = await providerFetch(
      'fcm',
      `${apiBase}/v1/projects/${encodeURIComponent(projectId)}/messages:send`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json; charset=UTF-8' },
        body: JSON.stringify({
          message: {
            token: message.to,
            notification: { ...(message.subject ? { title: message.subject } : {}), body: message.body },
            data: { notificationId: message.deliveryId },
          },
        }),
        signal,
      },
    );
    if (response.status !== 200) {
      const error = (response.body.error ?? {}) as {
        status?: string;
        message?: string;
        details?: { errorCode?: string }[];
      };
      const code =
        error.details?.find((detail) => detail.errorCode)?.errorCode ?? error.status ?? String(response.status);
      const reason = `FCM refused the push (${code}): ${error.message ?? 'no reason given'}`;
      throw code === 'UNREGISTERED' || response.status === 404
        ? new UnregisteredDeviceError(reason)
        : new PermanentDeliveryError(reason);
    }
    return { providerMessageId: String(response.body.name), deliveryStatus: 'accepted' };
  }
}
