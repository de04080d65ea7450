// The Graph API stand-in in its own process, so that it does not share an event loop with the app under test.
import { startEmulator } from '@twinfire/emulator';
import { serveIpc } from '../lib/serve-ipc.mjs';

const emulator = await startEmulator({ port: 0 });
// `cpu`: this process's CPU time in µs (Meta's side of delivery, which a real shop does not pay for).
serveIpc(
  { url: emulator.url },
  {
    cpu: () => {
      const { user, system } = process.cpuUsage();
      return user + system;
    },
  },
);
