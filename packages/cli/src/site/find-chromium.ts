import { existsSync } from 'node:fs';

/** Flags for a headless Chromium on a server or in CI (no sandbox, no GPU, no background traffic). */
export const HEADLESS_CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * The Chromium to launch: `chromiumPath` when given (even when missing: the caller says so), then
 * $CHROMIUM_PATH, the usual system paths, then playwright's own download if that file exists.
 */
export function findChromium(chromiumPath: string | undefined, playwrightPath: () => string | undefined): { path?: string; tried: string[] } {
  if (chromiumPath) return existsSync(chromiumPath) ? { path: chromiumPath, tried: [chromiumPath] } : { tried: [chromiumPath] };
  const candidates = [process.env.CHROMIUM_PATH, ...SYSTEM_CHROMIUMS].filter((p): p is string => typeof p === 'string' && p !== '');
  for (const candidate of candidates) if (existsSync(candidate)) return { path: candidate, tried: [candidate] };
  let own: string | undefined;
  try {
    own = playwrightPath();
  } catch {
    own = undefined;
  }
  if (own && existsSync(own)) return { path: own, tried: [...candidates, own] };
  return { tried: own ? [...candidates, own] : candidates };
}
