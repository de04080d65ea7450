// Runs the built `twinfire` bin as a user would, in a child process (META_ACCESS_TOKEN unset unless given).
import { fileURLToPath } from 'node:url';
import { type NodeRun, runNodeScript } from '@twinfire/testkit';

export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export const runCli = (args: string[], env: Record<string, string> = {}): Promise<NodeRun> => runNodeScript(BIN, args, { META_ACCESS_TOKEN: '', ...env });
