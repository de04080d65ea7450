import { after, before } from 'node:test';
import { type RunningEmulator, startEmulator } from '@twinfire/emulator';
import { type TwinfirePluginOptions, twinfire } from '@twinfire/fastify';
import { QUICK_DELIVERY, type RawRequestOptions, type RawResponse, rawRequest, SUITE_UA, suiteMirror } from '@twinfire/testkit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';

export const PIXEL = '444444444444444';
export const TOKEN = 'EAAtest-fastify-token-0123456789';
export const UA = SUITE_UA;
export const mirror = suiteMirror;
const quiet = { info() {}, warn() {}, error() {} };

/** Options for the plugin with the emulator as Graph API, quick timings, no rate limit and a quiet logger. */
export function pluginOptions(emulator: RunningEmulator, overrides: Record<string, unknown> = {}): TwinfirePluginOptions {
  return {
    pixelId: PIXEL,
    accessToken: TOKEN,
    graphUrl: emulator.url,
    ...QUICK_DELIVERY,
    logger: quiet,
    ...overrides,
  } as TwinfirePluginOptions;
}

export interface Site {
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** POSTs `body` to `url + path` as the browser script does (text/plain, same origin, a Chrome user agent). */
  post(path: string, body: unknown, headers?: Record<string, string>, extra?: RawRequestOptions): Promise<RawResponse>;
}

/**
 * A Fastify app (with `fastify` options) on loopback, `setup` run before it listens (register the plugin
 * there), closed after test `t`.
 */
export async function startSite(
  t: { after(fn: () => unknown): void },
  setup: (app: FastifyInstance) => unknown,
  fastify: FastifyServerOptions = {},
): Promise<Site> {
  const app = Fastify(fastify);
  await setup(app);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => app.close());
  return {
    app,
    url,
    post: (path, body, headers = {}, extra = {}) =>
      rawRequest(url + path, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', origin: url, 'user-agent': UA, ...headers },
        body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
        ...extra,
      }),
  };
}

/** One emulator for the test file, started before its tests and closed after them (and their sites). */
export function useEmulator(): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  before(async () => {
    emulator = await startEmulator({ port: 0, acceptedTokens: [TOKEN] });
  });
  after(() => emulator?.close());
  return () => emulator!;
}

/** The server events the emulator holds for `eventId`, once `app.twinfire` has delivered its queue. */
export async function serverTwins(emulator: RunningEmulator, app: FastifyInstance, eventId: unknown): Promise<any[]> {
  await app.twinfire.flush();
  const { events } = (await (await fetch(`${emulator.url}/_emulator/events`)).json()) as { events: any[] };
  return events.filter((e) => e.source === 'server' && e.event_id === eventId);
}

export { twinfire };
