import { type EmulatorOptions, type FaultSpec, startEmulator } from '@twinfire/emulator';
import { type Twinfire, type TwinfireOptions, twinfire } from '@twinfire/express';
import { type Listening, listen, QUICK_DELIVERY } from '@twinfire/testkit';
import express5 from 'express';
import express4 from 'express4';
import { type RawResponse, rawRequest } from './http-client.js';

export const PIXEL_A = '111111111111111';
export const PIXEL_B = '222222222222222';
export const TOKEN_A = 'EAAtest-secret-token-AAAA-0123456789';
export const TOKEN_B = 'EAAtest-secret-token-BBBB-9876543210';
export const UA = 'Mozilla/5.0 (X11; Linux x86_64) twinfire-test/1.0';
export const EMAIL = 'Jane.Doe+test@Example.COM';
/** The two pixels every harness sends to, with their tokens. */
export const TWO_PIXELS = [
  { id: PIXEL_A, accessToken: TOKEN_A },
  { id: PIXEL_B, accessToken: TOKEN_B },
];

/** Every log line of every instance created through the harness, for the "no secrets in logs" check. */
export const logLines: string[] = [];

export function captureLogger(sink: { level: string; obj: any; msg?: string }[] = []) {
  const write = (level: string) => (obj: object, msg?: string) => {
    logLines.push(`${level} ${msg ?? ''} ${JSON.stringify(obj)}`);
    sink.push({ level, obj, ...(msg !== undefined ? { msg } : {}) });
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

export type ExpressFlavor = 'express5' | 'express4';
export const FLAVORS: ExpressFlavor[] = ['express5', 'express4'];

export interface Harness {
  emulator: { url: string; close(): Promise<void> };
  site: Listening;
  tf: Twinfire;
  logs: { level: string; obj: any; msg?: string }[];
  post(body: unknown, headers?: Record<string, string>): Promise<RawResponse>;
  events(): Promise<any[]>;
  rejections(): Promise<any[]>;
  requests(): Promise<{ total: any; pixels: Record<string, any> }>;
  fault(spec: FaultSpec | FaultSpec[]): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  flavor?: ExpressFlavor;
  options?: Partial<TwinfireOptions> & { _scriptFile?: string };
  emulator?: EmulatorOptions;
  trustProxy?: boolean;
}

/** The emulator, an Express app (5 or 4) with twinfire mounted, and helpers to talk to both. */
export async function startHarness(setup: HarnessOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, acceptedTokens: [TOKEN_A, TOKEN_B], ...setup.emulator });
  const logs: Harness['logs'] = [];
  const tf = twinfire({
    pixels: TWO_PIXELS,
    graphUrl: emulator.url,
    // No rate limit: most tests post far more than a browser would from one address; test/hostile/ exercises the limiter.
    ...QUICK_DELIVERY,
    throttlePauseMs: 20,
    authPauseMs: 40,
    logger: captureLogger(logs),
    ...setup.options,
  } as TwinfireOptions);
  const app = (setup.flavor === 'express4' ? express4 : express5)() as any;
  if (setup.trustProxy) app.set('trust proxy', true);
  app.use(tf);
  app.get('/', (_req: unknown, res: any) => res.send('shop'));
  const site = await listen(app);
  const api = async (path: string, init?: RequestInit) => (await fetch(emulator.url + path, init)).json() as Promise<any>;
  return {
    emulator,
    site,
    tf,
    logs,
    post: (body, headers = {}) =>
      rawRequest(`${site.url}/twinfire`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', origin: site.url, 'user-agent': UA, ...headers },
        body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
      }),
    events: async () => (await api('/_emulator/events')).events,
    rejections: async () => (await api('/_emulator/rejections')).rejections,
    requests: () => api('/_emulator/requests'),
    fault: async (spec) => {
      const res = await fetch(`${emulator.url}/_emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(spec),
      });
      if (!res.ok) throw new Error(`fault refused: ${await res.text()}`);
    },
    close: async () => {
      await tf.close();
      await site.close();
      await emulator.close();
    },
  };
}

/** {@link startHarness}, closed after the test `t` whatever happens in it. */
export async function harnessFor(t: { after(fn: () => unknown): void }, setup: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness(setup);
  t.after(() => h.close());
  return h;
}

/** A valid mirror payload, as @twinfire/browser sends it (a fresh event id each time). */
export { suiteMirror as mirror } from '@twinfire/testkit';

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 5000, what = 'condition', debug?: () => Promise<unknown> | unknown): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}${debug ? `: ${JSON.stringify(await debug())}` : ''}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
