import { jsString } from './js-string.js';

/**
 * The mirror endpoint as the page must call it: `path` under the mount the script was requested through
 * (the adapter's `mountPath`: Express's `req.baseUrl`, Fastify's prefix), so `/t/twinfire.js` posts to
 * `/t/twinfire`. Mounted at the root, the endpoint is `path` itself.
 */
export function mountedEndpoint(request: { mountPath?: string | undefined }, path: string): string {
  const base = typeof request.mountPath === 'string' ? request.mountPath.replace(/\/+$/, '') : '';
  return base + path;
}

/**
 * The line served before the browser script. It costs the script nothing: the script already reads
 * `window.twinfireConfig` (under the tag's `data-` attributes), so the server's endpoint is the lowest
 * layer, the page's own `window.twinfireConfig` is spread over it, and `data-endpoint` on the tag wins
 * over both. Guarded, like everything the script does: a frozen `twinfireConfig` must not break the page.
 */
export function configPrefix(endpoint: string): string {
  return `try{window.twinfireConfig={endpoint:${jsString(endpoint)},...window.twinfireConfig}}catch{}\n`;
}
