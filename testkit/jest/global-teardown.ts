import type { Server } from 'node:http';
import type { MessagingSandbox, RunningStack, SmtpSandbox, StripeSandbox } from '../src/index.ts';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __showstream?: { stack: RunningStack; oidc: { server: Server }; stripe?: StripeSandbox; smtp?: SmtpSandbox; messaging?: MessagingSandbox } }).__showstream;
  if (!state) return;
  await state.stack.stop();
  state.oidc.server.closeAllConnections();
  state.oidc.server.close();
  state.stripe?.close();
  state.messaging?.close();
  await state.smtp?.close();
}
