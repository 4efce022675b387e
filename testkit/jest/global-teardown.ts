import type { Server } from 'node:http';
import {
  stopPrivateRedis,
  type MessagingSandbox,
  type OtlpCollector,
  type RunningStack,
  type SmtpSandbox,
  type StripeSandbox,
} from '../src/index.ts';

export default async function globalTeardown(): Promise<void> {
  const state = (
    globalThis as {
      __showstream?: {
        stack: RunningStack;
        oidc: { server: Server };
        stripe?: StripeSandbox;
        smtp?: SmtpSandbox;
        messaging?: MessagingSandbox;
        otlp?: OtlpCollector;
      };
    }
  ).__showstream;
  if (!state) return;
  await state.stack.stop();
  state.oidc.server.closeAllConnections();
  state.oidc.server.close();
  state.stripe?.close();
  state.messaging?.close();
  state.otlp?.close();
  await state.smtp?.close();
  if (process.env.SHOWSTREAM_FAULT_TESTS === '1') await stopPrivateRedis();
}
