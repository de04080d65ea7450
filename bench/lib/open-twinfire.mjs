// One twinfire instance for a bench child: `kind` memory or sqlite (a fresh database file in a temporary
// directory, removed when the process exits). A setup error ends the child with failSetup's message.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { twinfire } from '@twinfire/express';
import { failSetup } from './serve-ipc.mjs';

export function openTwinfire(kind, options) {
  try {
    if (kind !== 'memory' && kind !== 'sqlite') throw new Error(`unknown outbox kind ${kind}`);
    if (kind === 'sqlite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'twinfire-bench-'));
      process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
      options = { ...options, outbox: { sqlite: path.join(dir, 'outbox.db') } };
    }
    return twinfire(options);
  } catch (error) {
    return failSetup(error);
  }
}
