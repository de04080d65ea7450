/**
 * Small shops for `checkSite`: an Express app with twinfire's middleware (or not), a few pages, and the
 * emulator as Meta (Graph API and its fbevents.js stand-in, which sends real /tr hits with eid).
 */

import { type RunningEmulator, startEmulator } from '@twinfire/emulator';
import { type Twinfire, type TwinfireOptions, twinfire } from '@twinfire/express';
import { type Listening, listen } from '@twinfire/testkit';
import express from 'express';

export const PIXEL = '1234567890';

export interface Shop {
  emulator: RunningEmulator;
  site: Listening;
  tf: Twinfire;
  close(): Promise<void>;
}

export interface ShopSetup {
  /** twinfire options over the pixel and the emulator (default: one-tag mode). */
  options?: (emulatorUrl: string) => Partial<TwinfireOptions>;
  /** Before the middleware (a delay, a static copy of the script). */
  before?: (app: express.Express) => void;
  /** Mounts the middleware (default `app.use(tf)`). */
  mount?: (app: express.Express, tf: Twinfire) => void;
  /** path -> HTML; a function gets the emulator's URL. */
  pages: (emulatorUrl: string) => Record<string, string>;
}

export async function startShop(setup: ShopSetup): Promise<Shop> {
  const emulator = await startEmulator({ port: 0 });
  const options: Record<string, unknown> = {
    pixels: [{ id: PIXEL, accessToken: 't' }],
    graphUrl: emulator.url,
    baseCode: true,
    fbeventsUrl: `${emulator.url}/fbevents.js`,
    flushIntervalMs: 20,
    logger: { info() {}, warn() {}, error() {} },
    ...setup.options?.(emulator.url),
  };
  // twinfire refuses fbeventsUrl without baseCode: true.
  if (options.baseCode === false) delete options.fbeventsUrl;
  const tf = twinfire(options as unknown as TwinfireOptions);
  const app = express();
  setup.before?.(app);
  (setup.mount ?? ((a, t) => a.use(t)))(app, tf);
  for (const [path, body] of Object.entries(setup.pages(emulator.url))) app.get(path, (_req, res) => void res.type('html').send(body));
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  const site = await listen(app as never);
  return {
    emulator,
    site,
    tf,
    close: async () => {
      await tf.close();
      await site.close();
      await emulator.close();
    },
  };
}

export function html(...head: string[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>shop</title>${head.join('\n')}</head><body><h1>shop</h1></body></html>`;
}

/** Meta's base code as published (packages/browser/README.md), loading the emulator's fbevents.js. */
export function metaBaseCode(emulatorUrl: string): string {
  return `<!-- Meta Pixel Code -->
<script>
!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;
n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,
document,'script','${emulatorUrl}/fbevents.js');
fbq('init', '${PIXEL}');
fbq('track', 'PageView');
</script>
<noscript><img height="1" width="1" style="display:none" src="https://www.facebook.com/tr?id=${PIXEL}&ev=PageView&noscript=1"/></noscript>
<!-- End Meta Pixel Code -->`;
}
