import { PermanentDeliveryError } from './channel.ts';

export interface ProviderResponse {
  status: number;
  body: Record<string, any>;
}

/** A provider answered in a way worth retrying: a network error, a timeout, 408/429/5xx, or refused our credentials (fixable without touching the message). */
export class TransientProviderError extends Error {
  override name = 'TransientProviderError';
}

const RETRYABLE_STATUSES = new Set([401, 403, 408, 409, 425, 429]);

/**
 * One call to a provider's HTTP API. Transient failures throw TransientProviderError; any other
 * non-2xx answer is returned for the adapter to read (providers explain permanent refusals in the body).
 */
export async function providerFetch(provider: string, url: string, init: RequestInit): Promise<ProviderResponse> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new TransientProviderError(`${provider} could not be reached`, { cause: error });
  }
  const text = await response.text();
  let body: Record<string, any> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, any>) : {};
  } catch {
    if (response.ok) throw new TransientProviderError(`${provider} answered ${response.status} without JSON`);
  }
  if (RETRYABLE_STATUSES.has(response.status) || response.status >= 500) {
    throw new TransientProviderError(`${provider} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return { status: response.status, body };
}

/** E.164: a plus, the country code and the number, e.g. +919876543210. */
const E164 = /^\+[1-9]\d{7,14}$/;

/** Phone numbers as users type them ("+91 98765 43210") in the international form providers need; undefined when it is not one. */
export function toE164(phone: string): string | undefined {
  const compact = phone.replace(/[\s()-]/g, '');
  return E164.test(compact) ? compact : undefined;
}

export function requireE164(phone: string): string {
  const number = toE164(phone);
  if (!number) throw new PermanentDeliveryError(`${phone} is not an international (E.164) phone number.`);
  return number;
}
