import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh SQLite file path per call, in a directory removed when the test process exits. */
export function tempDbFactory(name: string): () => string {
  const dir = mkdtempSync(path.join(tmpdir(), `twinfire-${name}-`));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  return () => path.join(dir, `outbox-${n++}.db`);
}
