#!/usr/bin/env node
import { parseArgs, USAGE } from './args.js';
import { CliError } from './errors.js';
import { formatReport } from './format.js';
import { verify } from './verify.js';

async function main(): Promise<number> {
  const command = parseArgs(process.argv.slice(2));
  if (command.command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const report = await verify(command.options);
  process.stdout.write(command.options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A flag mistake says what to type; anything else is a bug of ours, with its stack.
    console.error(`twinfire: ${error instanceof CliError ? error.message : String((error as Error)?.stack ?? error)}`);
    process.exitCode = 2;
  },
);
