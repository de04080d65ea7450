import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { serve } from '@hono/node-server';

/** A `fetch` handler served by @hono/node-server on an ephemeral loopback port. */
export async function serveFetch(fetch: (request: Request) => Response | Promise<Response>): Promise<{ url: string; close(): Promise<void> }> {
  let server!: ServerType;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
