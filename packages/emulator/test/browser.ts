// Browser-test helpers: a site on loopback whose page carries Meta's public base code pointed at the
// emulator, and a wait for the emulator to record events.
import type { TestContext } from 'node:test';
import { listen } from '@twinfire/testkit';
import { listEvents } from './helpers.js';

/** Meta's public base code, with the fbevents.js URL replaced. */
export function baseCode(fbeventsUrl: string): string {
  return (
    '!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};' +
    "if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;t.src=v;" +
    "s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window, document,'script','" +
    fbeventsUrl +
    "');"
  );
}

/** Serves one HTML page (any path) on an ephemeral loopback port, closed after the test. */
export async function siteFor(t: TestContext, html: string) {
  const site = await listen((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  t.after(() => site.close());
  return site;
}

export function pageWith(emulatorUrl: string, script: string, before = ''): string {
  return `<!doctype html><html><head><title>shop</title><script>${before}</script><script>${baseCode(`${emulatorUrl}/fbevents.js`)}</script><script>${script}</script></head><body><h1>shop</h1></body></html>`;
}

/** Polls the JSON API until `count` events are recorded (or fails after `timeoutMs`). */
export async function waitForEvents(emulatorUrl: string, count: number, timeoutMs = 5000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await listEvents(emulatorUrl);
    if (events.length >= count) return events;
    if (Date.now() > deadline) throw new Error(`expected ${count} events, got ${events.length}: ${JSON.stringify(events.map((e) => e.event_name))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
