import type { IncomingMessage } from 'node:http';

/** `text/plain` (sendBeacon with a string) and `application/json` (fetch) carry mirrors; UTF-8 only. */
export function acceptedMediaType(req: IncomingMessage): boolean {
  const header = req.headers['content-type'];
  if (typeof header !== 'string') return false;
  const [type, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'text/plain' && type !== 'application/json') return false;
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '');
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}
