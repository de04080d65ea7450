import { describe, invalid } from './checks.js';
import { DEFAULTS } from './defaults.js';

/** `baseCode` resolved: where fbevents.js comes from, or `false` (the page has its own base code). */
export type ResolvedBaseCode = { fbeventsUrl: string } | false;

/**
 * `baseCode` and `fbeventsUrl`. The URL must be https, except on loopback (the emulator's stand-in in
 * development and tests): the served script injects it into every page. Setting `fbeventsUrl` without
 * `baseCode: true`, or `baseCode: true` without a served script, would do nothing: both are refused, so a
 * half-done switch to one-tag mode shows up at start, not as missing page views.
 */
export function resolveBaseCode(baseCode: unknown, fbeventsUrl: unknown, scriptPath: string | false): ResolvedBaseCode {
  if (baseCode !== undefined && typeof baseCode !== 'boolean') invalid('baseCode', `\`baseCode\` must be true or false, got ${describe(baseCode)}.`);
  if (fbeventsUrl !== undefined && (typeof fbeventsUrl !== 'string' || !isScriptUrl(fbeventsUrl))) {
    invalid(
      'fbeventsUrl',
      '`fbeventsUrl` must be an https URL (http only on localhost or 127.0.0.1), such as "https://connect.facebook.net/en_US/fbevents.js".',
    );
  }
  if (!baseCode) {
    if (fbeventsUrl !== undefined) invalid('fbeventsUrl', '`fbeventsUrl` is only used with `baseCode: true`: add it, or remove `fbeventsUrl`.');
    return false;
  }
  if (scriptPath === false) invalid('baseCode', '`baseCode: true` needs the served script: remove `scriptPath: false`.');
  return { fbeventsUrl: (fbeventsUrl as string | undefined) ?? DEFAULTS.fbeventsUrl };
}

function isScriptUrl(value: string): boolean {
  try {
    const url = new URL(value);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    return (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) && !url.username && !url.password && value === value.trim();
  } catch {
    return false;
  }
}
