import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan } from './faults/fault-plan.js';
import { type EmulatorOptions, resolveOptions } from './options.js';
import { createHandler } from './server/create-handler.js';
import { Sleeper } from './server/sleeper.js';
import { EventStore } from './store/event-store.js';

export interface RunningEmulator {
  /** `http://<host>:<port>`, no trailing slash. */
  url: string;
  port: number;
  /** Stops listening, cuts open connections and cancels scripted delays. */
  close(): Promise<void>;
}

/** Starts the emulator: Graph API, Pixel stand-in, JSON API and the local Events Manager page. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const sleeper = new Sleeper();
  const handler = createHandler({ store: new EventStore(resolved.maxEvents), faults: new FaultPlan(), options: resolved, sleeper });
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        sleeper.cancelAll();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
