import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';

interface Cached {
  file: string;
  version: string;
  body: Buffer;
  etag: string;
}

/** Where `@twinfire/browser` keeps its script-tag build, or `undefined` when it is not installed/built. */
function browserScriptPath(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('@twinfire/browser/twinfire.min.js');
  } catch {
    return undefined;
  }
}

/**
 * `GET <scriptPath>`: the browser script from `@twinfire/browser`, with an ETag (304 on a match) and one hour
 * of caching. 404 with a plain message when the file does not exist. The file is re-read only when it
 * changes (size or modification time), so a rebuilt script is served without a restart.
 */
export function createScriptServer(fileOverride?: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  let cached: Cached | undefined;
  return async (req, res) => {
    const file = fileOverride ?? browserScriptPath();
    let script: Cached | undefined;
    if (file) {
      try {
        const info = await stat(file);
        const version = `${info.size}:${info.mtimeMs}`;
        if (cached?.file !== file || cached.version !== version) {
          const body = await readFile(file);
          cached = { file, version, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
        }
        script = cached;
      } catch {
        script = undefined;
      }
    }
    if (!script) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('twinfire: the browser script is not available (is @twinfire/browser installed and built?)\n');
      return;
    }
    const headers = {
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
      etag: script.etag,
      'x-content-type-options': 'nosniff',
    };
    if (etagMatches(req.headers['if-none-match'], script.etag)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(script.body.length) });
    res.end(req.method === 'HEAD' ? undefined : script.body);
  };
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
