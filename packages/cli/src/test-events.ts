import type { VerifyOptions } from './args.js';
import type { Finding, SiteReport } from './site/types.js';

interface EmulatorEvent {
  event_id?: string;
  event_name: string;
  source: string;
  test_event_code?: string;
}

/** The emulator's record of what it received, or undefined when the Graph URL is not an emulator. */
async function emulatorEvents(options: VerifyOptions): Promise<EmulatorEvent[] | undefined> {
  try {
    const response = await fetch(`${options.graphUrl}/_emulator/events`, { signal: AbortSignal.timeout(options.timeoutMs) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { events?: unknown };
    return Array.isArray(body.events) ? (body.events as EmulatorEvent[]) : undefined;
  } catch {
    return undefined;
  }
}

/** How long the server may take to deliver the twins the browser check made (its batching and retries). */
const DELIVERY_WAIT_MS = 15_000;

/**
 * With `--test-event-code`: the twins of the browser check's events should land in Test events under that
 * code. Against the emulator this is checked (waiting for delivery); against Meta, which has no API for Test
 * events, the report lists the event ids to look for.
 */
export async function checkTestEvents(site: SiteReport, options: VerifyOptions): Promise<Finding[]> {
  const code = options.testEventCode!;
  const wanted = site.browser.mirrors.filter((mirror) => mirror.status === 202).map((mirror) => `${mirror.event_name} ${mirror.event_id}`);
  if (!site.browser.ran || wanted.length === 0) {
    return [{ status: 'info', check: 'test_events.ids', message: `No mirrored events from the browser check to look for under test code ${code}.` }];
  }
  const deadline = Date.now() + DELIVERY_WAIT_MS;
  let events = await emulatorEvents(options);
  if (!events) {
    return [
      {
        status: 'info',
        check: 'test_events.ids',
        message: `Open Events Manager > Test events (code ${code}): these events should show as "Processed" from both browser and server, deduplicated: ${wanted.join(', ')}.`,
        fix: `The server must send them with the same code: twinfire({ testEventCode: '${code}' }).`,
      },
    ];
  }
  const missing = (list: EmulatorEvent[]): string[] =>
    wanted.filter((key) => !list.some((e) => e.source === 'server' && `${e.event_name} ${e.event_id}` === key && e.test_event_code === code));
  while (missing(events).length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    events = (await emulatorEvents(options)) ?? events;
  }
  const left = missing(events);
  if (left.length === 0) {
    return [{ status: 'pass', check: 'test_events.landed', message: `Every twin of the browser check arrived with test code ${code}: ${wanted.join(', ')}.` }];
  }
  const otherCode = left.filter((key) => events.some((e) => e.source === 'server' && `${e.event_name} ${e.event_id}` === key));
  return [
    {
      status: 'fail',
      check: 'test_events.landed',
      message:
        otherCode.length > 0
          ? `Server twins arrived without test code ${code}: ${otherCode.join(', ')}.`
          : `No server twin arrived within ${DELIVERY_WAIT_MS / 1000} s for: ${left.join(', ')}.`,
      fix: `Run the server with twinfire({ testEventCode: '${code}' }) while you test, and check its stats() for delivery errors.`,
    },
  ];
}
