import compression from 'compression';
import type { RequestHandler } from 'express';

/** Responses that are streams of parts: compressing them would hold parts back in the compressor's buffer. */
const STREAMED = /^(multipart\/mixed|text\/event-stream)/i;

/**
 * Compresses HTTP responses (gzip, deflate or brotli, as the client accepts, with `Vary:
 * Accept-Encoding`) above 1 KiB: GraphQL answers, pages, scripts. WebSocket upgrades never pass
 * through Express middleware, and streamed responses are left alone.
 */
export function compressResponses(): RequestHandler {
  return compression({
    filter: (req, res) => !STREAMED.test(String(res.getHeader('content-type') ?? '')) && compression.filter(req, res),
  });
}
