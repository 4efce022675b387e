import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@showstream/platform';
import { GatewayUnavailableError, type ChargeRequest } from './gateway.ts';
import { ResilientGateway } from './resilience.ts';
import { SandboxGateway } from './sandbox/sandbox.gateway.ts';
import { startSandboxGateway, type RunningSandbox } from './sandbox/server.ts';

const logger = createLogger('resilience-test', 'silent');
const options = { timeoutMs: 1_000, maxAttempts: 2, breakerThreshold: 3, halfOpenAfterMs: 60_000 };
const charge = (key: string, token = 'tok_success'): ChargeRequest => ({
  idempotencyKey: key,
  amountMinor: 1_000,
  currency: 'INR',
  token,
  metadata: { transactionId: key, bookingId: 'b', userId: 'u' },
});

describe('gateway resilience (retries and circuit breaker)', () => {
  let failing: Server;
  let failingUrl: string;
  let received = 0;
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    // A gateway that is down: every call answers 503.
    failing = createServer((_req, res) => {
      received++;
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"unavailable"}}');
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
    sandbox = await startSandboxGateway({
      host: '127.0.0.1',
      port: 0,
      webhookSecret: 'whsec_test_resilience_secret',
      latencyMs: [0, 0],
      failureRate: 0,
      logger,
    });
  });

  afterAll(async () => {
    failing.close();
    await sandbox.close();
  });

  it('retries a bounded number of times, then opens the circuit and stops calling the gateway', async () => {
    const gateway = new ResilientGateway(
      new SandboxGateway(failingUrl, 'whsec_test_resilience_secret'),
      options,
      logger,
    );
    const first = await gateway.charge(charge('txn_1')).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(GatewayUnavailableError);
    expect(first).toMatchObject({ dispatched: true, circuitOpen: false });
    expect(received).toBe(2);

    // The third consecutive failure opens the circuit; the retry after it is refused without a call.
    const second = await gateway.charge(charge('txn_2')).catch((error: unknown) => error);
    expect(second).toMatchObject({ dispatched: true, circuitOpen: true });
    expect(received).toBe(3);

    const third = await gateway.charge(charge('txn_3')).catch((error: unknown) => error);
    expect(third).toMatchObject({ dispatched: false, circuitOpen: true });
    expect(received).toBe(3);
  });

  it('does not count declines as failures, and replays a charge for the same idempotency key', async () => {
    const gateway = new ResilientGateway(
      new SandboxGateway(sandbox.url, 'whsec_test_resilience_secret'),
      options,
      logger,
    );
    for (let i = 0; i < 5; i++)
      expect((await gateway.charge(charge(`txn_declined_${i}`, 'tok_declined'))).outcome).toBe('declined');
    const once = await gateway.charge(charge('txn_same'));
    const twice = await gateway.charge(charge('txn_same'));
    expect(once.outcome).toBe('succeeded');
    expect(twice).toEqual(once);
    const listed = (await (await fetch(`${sandbox.url}/v1/charges?transactionId=txn_same`)).json()) as {
      data: unknown[];
    };
    expect(listed.data).toHaveLength(1);
  });
});
