/**
 * The loopback site the browser tests load: pages registered per test, the built script, an fbevents.js
 * stand-in (our fixture, or the emulator's, or none), and a mirror endpoint that checks every payload with
 * `@twinfire/core`'s parser, as the real server does.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { expandMirrorBatch, isMirrorBatch, type MirrorError, type MirrorPayload, parseMirrorPayload } from '@twinfire/core';
import type { RunningEmulator } from '@twinfire/emulator';
import { type Listening, listen } from '@twinfire/testkit';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const DIST = here('../dist/');
export const ROOT = here('../../../');

/** Where fbevents.js comes from: our simulation, the emulator's stand-in, or nowhere (ad blocker). */
export type FbeventsSource = 'fixture' | 'emulator' | 'blocked';
export const SOURCES: FbeventsSource[] = ['fixture', 'emulator', 'blocked'];

export interface Mirror {
  path: string;
  contentType: string | undefined;
  /** The whole request body (a batch body is shared by its events' mirrors). */
  body: string;
  /** How many mirrors that request body carried (1 for a single mirror, the length of a batch's events). */
  batch: number;
  payload?: MirrorPayload;
  errors?: MirrorError[];
}

/** A Pixel hit as fbevents.js sent it. */
export interface Hit {
  pixel: string;
  name: string;
  eid?: string;
  fbp?: string;
}

export interface Site {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The same site on another host name (all `*.example.test` names reach loopback). */
  at(host: string): string;
  fbeventsUrl: string;
  source: FbeventsSource;
  /** Serves `html` at `path` (a path without query). */
  page(path: string, html: string): void;
  /** One per event: a batch body (`{ v: 1, events }`) is expanded as the server does. */
  mirrors: Mirror[];
  /** Request bodies POSTed (a batch counts once). */
  posts: string[];
  /** Requests other than GET/POST (a CORS preflight would show up here). */
  otherRequests: string[];
  hits(): Promise<Hit[]>;
  close(): Promise<void>;
}

const STATIC: Record<string, string> = {
  '/twinfire.min.js': `${DIST}twinfire.min.js`,
  '/fbevents.js': here('./fbevents-fixture.js'),
};

/** ESM files for the import-map test: `/m/<package>/...` from node_modules and the workspace. */
const MODULE_ROOTS: Record<string, string> = {
  browser: `${ROOT}packages/browser/dist/`,
  core: `${ROOT}packages/core/dist/`,
  'js-cookie': `${ROOT}node_modules/js-cookie/dist/`,
};

export async function startSite(source: FbeventsSource = 'fixture'): Promise<Site> {
  const pages = new Map<string, string>();
  const mirrors: Mirror[] = [];
  const posts: string[] = [];
  const otherRequests: string[] = [];
  const fixtureHits: Hit[] = [];
  // Imported only when used, so the fixture and blocked cases run without the emulator built.
  const emulator: RunningEmulator | undefined = source === 'emulator' ? await (await import('@twinfire/emulator')).startEmulator({ port: 0 }) : undefined;

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        posts.push(body);
        let items: unknown[] = [body];
        try {
          const value: unknown = JSON.parse(body);
          if (isMirrorBatch(value)) {
            const expanded = expandMirrorBatch(value);
            items = expanded.ok ? expanded.events : [body];
          }
        } catch {
          // Not JSON: the parser below says so.
        }
        for (const item of items) {
          const result = parseMirrorPayload(item);
          mirrors.push({
            path: url.pathname,
            contentType: req.headers['content-type'],
            body,
            batch: items.length,
            ...(result.ok ? { payload: result.payload } : { errors: result.errors }),
          });
        }
        res.writeHead(204).end();
      });
      return;
    }
    if (req.method !== 'GET') {
      otherRequests.push(`${req.method} ${url.pathname}`);
      return void res.writeHead(405).end();
    }
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    if (url.pathname === '/tr') {
      const q = url.searchParams;
      fixtureHits.push({
        pixel: q.get('id')!,
        name: q.get('ev')!,
        ...(q.get('eid') ? { eid: q.get('eid')! } : {}),
        ...(q.get('fbp') ? { fbp: q.get('fbp')! } : {}),
      });
      return void res.writeHead(200, { 'content-type': 'image/gif' }).end();
    }
    const page = pages.get(url.pathname);
    if (page !== undefined) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page);
    const file = STATIC[url.pathname] ?? moduleFile(url.pathname);
    if (file) {
      try {
        const type = file.endsWith('.html') ? 'text/html' : 'text/javascript';
        return void res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(readFileSync(file));
      } catch {
        // fall through to 404
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }

  const server: Listening = await listen(handle);
  const fbeventsUrl = emulator ? `${emulator.url}/fbevents.js` : `${server.url}/fbevents.js`;
  return {
    url: server.url,
    port: server.port,
    at: (host) => `http://${host}:${server.port}`,
    fbeventsUrl,
    source,
    page: (path, html) => void pages.set(path, html),
    mirrors,
    posts,
    otherRequests,
    async hits() {
      if (source === 'fixture') return [...fixtureHits];
      if (!emulator) return [];
      const { events } = (await (await fetch(`${emulator.url}/_emulator/events`)).json()) as {
        events: Array<{ source: string; pixel_id: string; event_name: string; event_id?: string; user_data?: { fbp?: string } }>;
      };
      return events
        .filter((e) => e.source === 'browser')
        .map((e) => ({
          pixel: e.pixel_id,
          name: e.event_name,
          ...(e.event_id ? { eid: e.event_id } : {}),
          ...(e.user_data?.fbp ? { fbp: e.user_data.fbp } : {}),
        }));
    },
    async close() {
      await server.close();
      await emulator?.close();
    },
  };
}

function moduleFile(pathname: string): string | undefined {
  const match = /^\/m\/([^/]+)\/(.+\.m?js)$/.exec(pathname);
  if (!match || match[2]!.includes('..')) return undefined;
  const root = MODULE_ROOTS[match[1]!];
  return root ? root + match[2] : undefined;
}

/** Runs `body` against a fresh site on loopback and always closes it. */
export async function onSite<T>(source: FbeventsSource, body: (site: Site) => Promise<T>): Promise<T> {
  const site = await startSite(source);
  try {
    return await body(site);
  } finally {
    await site.close();
  }
}
