import { type EndpointRequest, headerValue } from './request.js';

/** `text/plain` (sendBeacon with a string) and `application/json` (fetch) carry mirrors; UTF-8 only. */
export function acceptedMediaType(request: EndpointRequest): boolean {
  const header = headerValue(request.headers, 'content-type');
  if (header === undefined) return false;
  const [type, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'text/plain' && type !== 'application/json') return false;
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice(8)
    .replace(/"/g, '');
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}
