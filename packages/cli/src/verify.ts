import type { VerifyOptions } from './args.js';
import { CliError } from './errors.js';
import { datasetQualityUrl, fetchDatasetQuality } from './meta/dataset-quality.js';
import { type EventVerdict, judgeEvent } from './meta/verdicts.js';
import { checkSite } from './site/check-site.js';
import type { Finding, SiteReport } from './site/types.js';
import { checkTestEvents } from './test-events.js';

export interface VerifyReport {
  /**
   * 0: verified; 1: a browser event with a server twin does not deduplicate, or a site check failed (even when
   * Meta's numbers could not be read); 2: could not verify (Meta refused or has no data) and nothing failed.
   */
  exitCode: 0 | 1 | 2;
  pixel: string;
  /** The Dataset Quality request, without the token. */
  request: string;
  meta: {
    events: EventVerdict[];
    /** Why Meta's numbers could not be read (the exit code is then 2). */
    error?: { reason: string; message: string };
  };
  site?: SiteReport;
  /** Findings about the test event code (twins to look for in Test events). */
  testEvents?: Finding[];
}

/** Runs both sides of `twinfire verify` and decides the exit code. Never throws for Meta's or the site's problems. */
export async function verify(options: VerifyOptions): Promise<VerifyReport> {
  const report: VerifyReport = {
    exitCode: 0,
    pixel: options.pixel,
    request: datasetQualityUrl({ graphUrl: options.graphUrl, graphVersion: options.graphVersion, pixel: options.pixel }),
    meta: { events: [] },
  };
  // Meta first: its numbers are the history; the site check then adds fresh events of its own.
  try {
    const web = await fetchDatasetQuality(options);
    report.meta.events = web.map(judgeEvent);
    if (web.length === 0) {
      report.meta.error = {
        reason: 'no_data',
        message:
          'Meta has no quality data for this dataset yet. It is computed from the last 7 days of events and can take up to 48 hours to appear after the first ones: check that events arrive (Events Manager > Overview), then run again.',
      };
    }
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    report.meta.error = { reason: error.reason ?? 'refused', message: error.message };
  }
  if (options.site) {
    report.site = await checkSite({
      site: options.site,
      timeoutMs: options.timeoutMs,
      browser: options.browser ? 'auto' : 'off',
      ...(options.chromiumPath ? { chromiumPath: options.chromiumPath } : {}),
    });
    if (options.testEventCode) report.testEvents = await checkTestEvents(report.site, options);
  }
  const failing =
    report.meta.events.some((event) => event.failing) ||
    (report.site?.findings ?? []).some((finding) => finding.status === 'fail') ||
    (report.testEvents ?? []).some((finding) => finding.status === 'fail');
  // A problem found is worth more than a side that could not be read: fix it first.
  report.exitCode = failing ? 1 : report.meta.error ? 2 : 0;
  return report;
}
