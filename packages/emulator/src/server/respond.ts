import type { ServerResponse } from 'node:http';

const NO_STORE = { 'cache-control': 'no-store' };

/** Lets any origin read the emulator's JSON API and send Pixel hits (it is a local development tool). */
export function allowAnyOrigin(res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*');
  // Reads only: another site open in the developer's browser must not reset the emulator or script faults.
  res.setHeader('access-control-allow-methods', 'GET, OPTIONS');
  res.setHeader('access-control-allow-headers', 'content-type');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...NO_STORE });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { 'content-type': `${contentType}; charset=utf-8`, 'content-length': Buffer.byteLength(text), ...NO_STORE });
  res.end(text);
}

/** The 1x1 transparent GIF the Pixel endpoint answers with. */
const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export function sendGif(res: ServerResponse, status = 200): void {
  res.writeHead(status, { 'content-type': 'image/gif', 'content-length': PIXEL_GIF.length, ...NO_STORE });
  res.end(PIXEL_GIF);
}
