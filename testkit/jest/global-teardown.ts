import type { Server } from 'node:http';
import type { RunningStack, StripeSandbox } from '../src/index.ts';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __showstream?: { stack: RunningStack; oidc: { server: Server }; stripe?: StripeSandbox } }).__showstream;
  if (!state) return;
  await state.stack.stop();
  state.oidc.server.closeAllConnections();
  state.oidc.server.close();
  state.stripe?.close();
}
