import { describe, invalid } from './checks.js';
import { DEFAULTS } from './defaults.js';

const DEFAULT_GRAPH_URL = DEFAULTS.graphUrl;

/**
 * The `graphUrl` option: the Graph API's origin, to which twinfire adds `/<graphVersion>/<pixel id>/events`.
 * Refused: a path (a version in it would make every request fail later with "Unknown path components"), a query
 * string or fragment, credentials, and plain http except to a loopback address, where the emulator runs: access
 * tokens and customer data travel in these requests. Messages quote the URL without query string or credentials.
 */
export function resolveGraphUrl(value: unknown): string {
  if (value === undefined) return DEFAULT_GRAPH_URL;
  const example = `such as "${DEFAULT_GRAPH_URL}" or the emulator's "http://127.0.0.1:4010"`;
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    invalid('graphUrl', `\`graphUrl\` must be an absolute http(s) URL ${example}, got ${describe(value)}.`);
  }
  if (url.username || url.password) invalid('graphUrl', '`graphUrl` must not carry a user name or password.');
  const shown = JSON.stringify(`${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`);
  if (url.search || url.hash) {
    invalid('graphUrl', `\`graphUrl\` must be an origin without query string or fragment, got ${shown} with one.`);
  }
  if (url.pathname !== '/') {
    const version = /\/(v\d+\.\d+)(?:\/|$)/.exec(url.pathname)?.[1];
    invalid(
      'graphUrl',
      version
        ? `\`graphUrl\` is the origin only, got ${shown}: pass graphUrl: "${url.origin}" and the version as \`graphVersion: '${version}'\`.`
        : `\`graphUrl\` is the origin only (twinfire adds /<graphVersion>/<pixel id>/events), got ${shown}; use "${url.origin}".`,
    );
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    invalid(
      'graphUrl',
      `\`graphUrl\` must use HTTPS, got ${shown}: plain http is allowed to a loopback address only (127.0.0.0/8, ::1, localhost), where the emulator runs.`,
    );
  }
  return url.origin;
}

/** `hostname` as the URL parser gives it: lowercase, IPv4 normalized, IPv6 in brackets. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
