import { CliError } from './errors.js';

export const USAGE = `Usage: twinfire verify --pixel ID [--token TOKEN] [--site URL] [--test-event-code CODE]
                       [--graph-url URL] [--graph-version v26.0] [--json] [--no-browser] [--chromium PATH]
                       [--timeout MS]

Proves that Meta deduplicates your Pixel and Conversions API events.
  Meta side: reads Meta's Dataset Quality API for the pixel (dataset) and gives a verdict per event.
  Site side (--site): checks the page's tag, /twinfire.js, the mirror endpoint, and in headless Chromium
  (when playwright-core and a Chromium are installed) that each Pixel hit has a twin with the same event_id.

  --pixel ID              the pixel (dataset) id
  --token TOKEN           a Conversions API access token (or set META_ACCESS_TOKEN, which keeps it out of
                          your shell history and the process list)
  --site URL              a page of your shop to check
  --test-event-code CODE  the code your server sends (testEventCode): lists the twins to find in
                          Events Manager > Test events, and checks them when --graph-url is the emulator
  --graph-url URL         default https://graph.facebook.com; the emulator's URL to verify locally
  --graph-version V       default v26.0
  --json                  print the report as JSON
  --no-browser            skip the headless browser check
  --chromium PATH         the Chromium to use (default: $CHROMIUM_PATH, then the usual places)
  --timeout MS            per network step, default 15000

Exit code: 0 when every browser event that has a server twin deduplicates and the site checks pass;
1 when not (the report names the cause); 2 when it could not verify (bad flags, Meta refused the request
or has no data yet) and found nothing wrong.`;

export interface VerifyOptions {
  pixel: string;
  token: string;
  site?: string;
  testEventCode?: string;
  graphUrl: string;
  graphVersion: string;
  json: boolean;
  browser: boolean;
  chromiumPath?: string;
  timeoutMs: number;
}

export type Command = { command: 'help' } | { command: 'verify'; options: VerifyOptions };

/** A value for a message, cut to its first characters: it could be a token given to the wrong flag. */
function redact(value: string): string {
  return value.length > 8 ? `"${value.slice(0, 4)}…" (${value.length} characters)` : `"${value}"`;
}

function fail(message: string): never {
  throw new CliError('ERR_TWINFIRE_CLI_ARGUMENT', `${message}\n\n${USAGE}`);
}

function httpUrl(flag: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`${flag} needs an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`${flag} needs an http(s) URL, got "${raw}"`);
  return url.href;
}

/** `--flag value` and `--flag=value` alike; unknown flags are errors. */
export function parseArgs(argv: readonly string[], env: Record<string, string | undefined> = process.env): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { command: 'help' };
  if (command !== 'verify') fail(`unknown command "${command}"`);
  const found: Partial<VerifyOptions> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--help' || arg === '-h') return { command: 'help' };
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const next = eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (next === undefined || next === '') fail(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--pixel':
        found.pixel = value();
        break;
      case '--token':
        found.token = value();
        break;
      case '--site':
        found.site = httpUrl(flag, value());
        break;
      case '--test-event-code':
        found.testEventCode = value();
        break;
      case '--graph-url':
        found.graphUrl = httpUrl(flag, value()).replace(/\/+$/, '');
        break;
      case '--graph-version': {
        const version = value();
        if (!/^v\d+\.\d+$/.test(version)) fail(`--graph-version must look like v26.0, got "${version}"`);
        found.graphVersion = version;
        break;
      }
      case '--json':
        found.json = true;
        break;
      case '--no-browser':
        found.browser = false;
        break;
      case '--chromium':
        found.chromiumPath = value();
        break;
      case '--timeout': {
        const raw = value();
        if (!/^\d+$/.test(raw) || Number(raw) < 1) fail(`--timeout needs a whole number of milliseconds, got "${raw}"`);
        found.timeoutMs = Number(raw);
        break;
      }
      default:
        // Never the value itself: it may be a token given to the wrong flag.
        fail(arg.startsWith('-') ? `unknown flag "${flag}"` : `unexpected value ${redact(arg)} where a flag was expected`);
    }
  }
  if (!found.pixel) fail('--pixel is required: the pixel (dataset) id, e.g. --pixel 1234567890');
  if (!/^\d{1,32}$/.test(found.pixel)) fail(`--pixel must be the numeric pixel id, got ${redact(found.pixel)}`);
  const token = found.token ?? env['META_ACCESS_TOKEN'];
  if (!token) fail('an access token is required: --token TOKEN, or META_ACCESS_TOKEN in the environment');
  return {
    command: 'verify',
    options: {
      pixel: found.pixel,
      token,
      ...(found.site ? { site: found.site } : {}),
      ...(found.testEventCode ? { testEventCode: found.testEventCode } : {}),
      graphUrl: found.graphUrl ?? 'https://graph.facebook.com',
      graphVersion: found.graphVersion ?? 'v26.0',
      json: found.json ?? false,
      browser: found.browser ?? true,
      ...(found.chromiumPath ? { chromiumPath: found.chromiumPath } : {}),
      timeoutMs: found.timeoutMs ?? 15_000,
    },
  };
}
