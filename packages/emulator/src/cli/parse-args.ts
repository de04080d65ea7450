import { EmulatorError } from '../errors.js';
import type { EmulatorOptions } from '../options.js';

export const USAGE = `Usage: twinfire-emulator [--port 4010] [--host 127.0.0.1] [--max-events 10000] [--token TOKEN ...]

Local stand-in for Meta's Graph API (Conversions API) and Pixel, with a local Events Manager page.
  --port N          port to listen on (0 picks a free one), default 4010
  --host HOST       interface to listen on, default 127.0.0.1
  --max-events N    events kept in memory, default 10000
  --token TOKEN     an accepted access token (repeat for several); default: any non-empty token
  --help            show this help`;

function fail(message: string): never {
  throw new EmulatorError('ERR_TWINFIRE_EMULATOR_ARGUMENT', 'argv', `${message}\n\n${USAGE}`);
}

/** `--port 4010` and `--port=4010` alike; unknown flags are errors. Returns undefined for --help. */
export function parseArgs(argv: readonly string[]): EmulatorOptions | undefined {
  const options: EmulatorOptions = {};
  const tokens: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return undefined;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === '') fail(`${flag} needs a value`);
      return next;
    };
    const integer = (): number => {
      const raw = value();
      if (!/^\d+$/.test(raw)) fail(`${flag} needs a whole number, got "${raw}"`);
      return Number(raw);
    };
    if (flag === '--port') options.port = integer();
    else if (flag === '--host') options.host = value();
    else if (flag === '--max-events') options.maxEvents = integer();
    else if (flag === '--token') tokens.push(value());
    else fail(`unknown argument "${arg}"`);
  }
  if (tokens.length > 0) options.acceptedTokens = tokens;
  return options;
}
