/** How one check turned out. `fail` makes `twinfire verify` exit 1; `warn` and `info` do not. */
export type FindingStatus = 'pass' | 'warn' | 'fail' | 'info';

/** One result of a check, with what to change when it is not a pass. */
export interface Finding {
  status: FindingStatus;
  /** Stable id of the check, e.g. `tag.order`, `script.served`, `endpoint.answers`, `browser.eid`. */
  check: string;
  message: string;
  /** What to change in the setup. */
  fix?: string;
}

export interface SiteCheckOptions {
  /** A page of the shop, http(s). */
  site: string;
  /** Per network step (page, script, endpoint, browser navigation). Default 15 000. */
  timeoutMs?: number;
  /** `auto`: load the page in headless Chromium when playwright-core and a Chromium are found; `off`: never. Default `auto`. */
  browser?: 'auto' | 'off';
  /** Chromium executable; default: $CHROMIUM_PATH, then the usual system paths, then playwright's own. */
  chromiumPath?: string;
  /** How long to watch the loaded page for Pixel hits and mirrors, ms. Default 3 000. */
  watchMs?: number;
}

/** A request of the Pixel to `/tr` seen in the browser. */
export interface PixelHit {
  pixel_id: string;
  event_name: string;
  /** The `eid` parameter: the eventID; absent when the Pixel sent none. */
  event_id?: string;
}

/** A mirror POSTed by twinfire's script, and what the endpoint answered. */
export interface MirrorSeen {
  event_name: string;
  event_id: string;
  /** HTTP status of the answer; undefined when no answer was seen. */
  status?: number;
  /** From the 202 body: events queued (0 when refused as a bot, for consent, or by beforeSend). */
  queued?: number;
  reason?: string;
}

export interface SiteReport {
  url: string;
  findings: Finding[];
  /** How the page installs twinfire, when the tag was found. */
  mode?: 'one-tag' | 'before-base-code';
  /** The mirror endpoint the script posts to, as an absolute URL. */
  endpoint?: string;
  browser: {
    ran: boolean;
    /** Why the browser check did not run (playwright-core or Chromium missing, --no-browser). */
    skipped?: string;
    hits: PixelHit[];
    mirrors: MirrorSeen[];
  };
}
