#!/usr/bin/env node
import { parseArgs, USAGE } from './cli/parse-args.js';
import { EmulatorError } from './errors.js';
import { startEmulator } from './start-emulator.js';

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return;
  }
  const emulator = await startEmulator(options);
  console.log(`twinfire emulator listening on ${emulator.url}`);
  console.log(`  Events Manager: ${emulator.url}/   Pixel: ${emulator.url}/fbevents.js   Graph API: POST ${emulator.url}/v26.0/<PIXEL_ID>/events`);
  const stop = (signal: string): void => {
    console.log(`twinfire emulator stopping (${signal})`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message =
    error instanceof EmulatorError || (error as NodeJS.ErrnoException)?.code === 'EADDRINUSE'
      ? (error as Error).message
      : String((error as Error)?.stack ?? error);
  console.error(`twinfire-emulator: ${message}`);
  process.exit(2);
});
