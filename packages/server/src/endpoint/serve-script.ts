import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { configPrefix, mountedEndpoint } from '../script/mount-config.js';
import { type EndpointRequest, headerValue } from './request.js';
import type { Reply } from './respond.js';

interface Cached {
  body: Buffer;
  etag: string;
}

/** Served variants kept per file version: one per mount path the script was requested through. */
const MAX_VARIANTS = 32;

/** What is served around the file: the mount-aware config line, and in one-tag mode Meta's base code. */
export interface ScriptParts {
  /** The mirror path, as configured (`/twinfire`); the mount path is put in front per request. */
  path: string;
  /** Served after the script (one-tag mode), or `''`. */
  appendix: string;
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
 * `GET <scriptPath>`: the browser script from `@twinfire/browser`, after a config line naming the mirror
 * endpoint under the mount path (see configPrefix) and before the appendix (one-tag mode), with an ETag
 * (304 on a match) and one hour of caching. 404 with a plain message when the file does not exist. The
 * file is re-read only when it changes (size or modification time), so a rebuilt script is served without
 * a restart. Bodies are kept per mount path, at most MAX_VARIANTS of them: a mount with a parameter
 * (`app.use('/:shop', tf)`) must not let requests grow the cache.
 */
export function createScriptServer(parts: ScriptParts, fileOverride?: string): (request: EndpointRequest, reply: Reply) => Promise<void> {
  let loaded: { file: string; version: string; body: Buffer } | undefined;
  let variants = new Map<string, Cached>();
  return async (request, reply) => {
    const file = fileOverride ?? browserScriptPath();
    let script: Cached | undefined;
    if (file) {
      try {
        const info = await stat(file);
        const version = `${info.size}:${info.mtimeMs}`;
        if (loaded?.file !== file || loaded.version !== version) {
          loaded = { file, version, body: await readFile(file) };
          variants = new Map();
        }
        script = variantFor(mountedEndpoint(request, parts.path), loaded.body, parts.appendix, variants);
      } catch {
        script = undefined;
      }
    }
    if (!script) {
      reply.status = 404;
      Object.assign(reply.headers, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      reply.body = 'twinfire: the browser script is not available (is @twinfire/browser installed and built?)\n';
      return;
    }
    const headers = {
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
      etag: script.etag,
      'x-content-type-options': 'nosniff',
    };
    if (etagMatches(headerValue(request.headers, 'if-none-match'), script.etag)) {
      reply.status = 304;
      Object.assign(reply.headers, headers);
      return;
    }
    reply.status = 200;
    Object.assign(reply.headers, headers, { 'content-length': String(script.body.length) });
    if (request.method !== 'HEAD') reply.body = script.body;
  };
}

function variantFor(endpoint: string, file: Buffer, appendix: string, variants: Map<string, Cached>): Cached {
  let variant = variants.get(endpoint);
  if (!variant) {
    const body = Buffer.concat([Buffer.from(configPrefix(endpoint)), file, Buffer.from(appendix)]);
    variant = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    if (variants.size < MAX_VARIANTS) variants.set(endpoint, variant);
  }
  return variant;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
