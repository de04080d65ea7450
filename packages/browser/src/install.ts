import type { TwinfireOptions } from './config/options.js';
import { createTracker } from './mirror/create-tracker.js';
import { createFbqWrapper } from './wrap/fbq-proxy.js';
import { trapGlobal } from './wrap/trap-global.js';
import { warnIfLate } from './wrap/warn-if-late.js';

/**
 * `window.twinfire`: the fbq command API (`'track'`, `'trackCustom'`, `'trackSingle'`,
 * `'trackSingleCustom'`, `'init'`, `'consent'`, `'dataProcessingOptions'`). With fbq in the page it calls
 * fbq, so the Pixel copy and the mirror share one eventID; without fbq it only mirrors.
 */
export type Twinfire = (command: string, ...args: unknown[]) => void;

/**
 * Wraps `window.fbq` (now, or whenever the base code defines it), stamps every Pixel event with an eventID,
 * mirrors it to `options.endpoint`, and defines `window.twinfire`. Installs once per page: a second call
 * returns the first `window.twinfire` and changes nothing.
 */
export function install(options: TwinfireOptions = {}): Twinfire {
  const global = window as unknown as { twinfire?: Twinfire; fbq?: Twinfire };
  if (global.twinfire) return global.twinfire;
  warnIfLate(global.fbq);
  const observe = createTracker(options);
  const wrap = createFbqWrapper(observe);
  trapGlobal('fbq', wrap);
  trapGlobal('_fbq', wrap);
  return (global.twinfire = (...args) => {
    const fbq = global.fbq;
    // wrap() hands back our own proxy unchanged: then the call goes through fbq (Pixel + mirror).
    if (fbq && wrap(fbq) == fbq) fbq(...args);
    else observe(args);
  });
}
