/**
 * An Express app (5 or 4) serving twinfire's script and endpoint where `mount` puts them, a few HTML pages,
 * and the emulator as Meta (Graph API and the fbevents.js stand-in).
 */

import { type EventRecord, type RunningEmulator, startEmulator } from '@twinfire/emulator';
import { type Twinfire, type TwinfireOptions, twinfire } from '@twinfire/express';
import { type Listening, listen } from '@twinfire/testkit';
import express5 from 'express';
import express4 from 'express4';
import { type ExpressFlavor, TOKEN_A, TOKEN_B, TWO_PIXELS } from '../harness.js';

export interface ServedSite {
  emulator: RunningEmulator;
  site: Listening;
  tf: Twinfire;
  /** Bodies POSTed to paths the app itself handles (`/custom`), to see where a mirror went. */
  ownPosts: string[];
  events(): Promise<EventRecord[]>;
  close(): Promise<void>;
}

export interface ServedSiteSetup {
  flavor: ExpressFlavor;
  /** twinfire options on top of two pixels and the emulator; a function gets the emulator's URL. */
  options?: (emulatorUrl: string) => Partial<TwinfireOptions>;
  /** Mounts the middleware (default `app.use(tf)`); `express` is the flavor's module. */
  mount?: (app: any, tf: Twinfire, express: any) => void;
  /** path -> HTML */
  pages: Record<string, string>;
}

export async function startServedSite(setup: ServedSiteSetup): Promise<ServedSite> {
  const emulator = await startEmulator({ port: 0, acceptedTokens: [TOKEN_A, TOKEN_B] });
  const tf = twinfire({
    pixels: TWO_PIXELS,
    graphUrl: emulator.url,
    flushIntervalMs: 20,
    logger: { info() {}, warn() {}, error() {} },
    ...setup.options?.(emulator.url),
  } as TwinfireOptions);
  const express = setup.flavor === 'express4' ? express4 : express5;
  const app = (express as any)();
  (setup.mount ?? ((a: any, t: Twinfire) => a.use(t)))(app, tf, express);
  const ownPosts: string[] = [];
  app.post('/custom', express.text({ type: '*/*' }), (req: any, res: any) => {
    ownPosts.push(String(req.body));
    res.status(204).end();
  });
  for (const [path, body] of Object.entries(setup.pages)) app.get(path, (_req: any, res: any) => res.type('html').send(body));
  app.get('/favicon.ico', (_req: any, res: any) => res.status(204).end());
  const site = await listen(app);
  return {
    emulator,
    site,
    tf,
    ownPosts,
    events: async () => ((await (await fetch(`${emulator.url}/_emulator/events`)).json()) as { events: EventRecord[] }).events,
    close: async () => {
      await tf.close();
      await site.close();
      await emulator.close();
    },
  };
}
