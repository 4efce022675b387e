import { Agent, request } from 'undici';

/** A subgraph's answer, kept as text so that each caller sharing an in-flight request parses its own copy. */
interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * How the router reaches one subgraph: a keep-alive connection pool of its own, whose header and body
 * timeouts fail a hung subgraph after `timeoutMs` with no timer made per request; and in-flight
 * deduplication, so identical reads sent while one is on its way (a popular listing, a show's seats)
 * share that one request. Only queries are shared, and only between callers with the same bearer token
 * (or none), so a mutation is never merged and no viewer gets another's answer.
 */
export class SubgraphFetcher {
  readonly #pool: Agent;
  readonly #inFlight = new Map<string, Promise<Answer>>();

  constructor(timeoutMs: number) {
    // Idle sockets are retired on the subgraph's Keep-Alive hint, before the subgraph closes them.
    this.#pool = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  readonly fetch = async (
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<Response> => {
    const key = sharedReadKey(url, init);
    let answer = key === undefined ? undefined : this.#inFlight.get(key);
    if (!answer) {
      answer = this.#send(url, init);
      if (key !== undefined) {
        this.#inFlight.set(key, answer);
        const forget = () => this.#inFlight.delete(key);
        answer.then(forget, forget);
      }
    }
    const { status, headers, text } = await answer;
    return new Response(text, { status, headers });
  };

  async #send(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<Answer> {
    const response = await request(url, { method: 'POST', ...init, dispatcher: this.#pool });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      for (const each of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, each);
    }
    return { status: response.statusCode, headers, text: await response.body.text() };
  }
}

/**
 * The key under which identical reads are shared: the subgraph, the caller's token and the request body
 * (the gateway sends `{"query":…}` first, so a query's body starts with its operation keyword or `{`).
 */
function sharedReadKey(url: string, init: { headers?: Record<string, string>; body?: string }): string | undefined {
  const body = init.body ?? '';
  if (!body.startsWith('{"query":"query') && !body.startsWith('{"query":"{')) return undefined;
  return `${url}\n${init.headers?.authorization ?? ''}\n${body}`;
}
