import { CHECK_USER_AGENT, fetchText } from './http.js';
import type { Finding } from './types.js';

export interface ScriptResult {
  finding: Finding;
  /** The absolute URL of the script. */
  url: string;
  /** The served script carries Meta's base code (one-tag mode, `baseCode: true`). */
  hasBaseCode?: boolean;
  /** The endpoint from the `window.twinfireConfig={endpoint:"..."}` prefix, as written. */
  configEndpoint?: string;
}

/** `script.served`: the tag's script answers 200, as JavaScript, and is twinfire's. */
export async function checkScript(src: string, pageUrl: string, timeoutMs: number): Promise<ScriptResult> {
  let url: string;
  try {
    url = new URL(src, pageUrl).href;
  } catch {
    return {
      url: src,
      finding: {
        status: 'fail',
        check: 'script.served',
        message: `The tag's src "${src}" is not a URL.`,
        fix: 'Write the tag as <script src="/twinfire.js"></script>.',
      },
    };
  }
  const got = await fetchText(url, { headers: { 'user-agent': CHECK_USER_AGENT, accept: '*/*', referer: pageUrl } }, timeoutMs);
  const mountFix =
    'Serve the script: mount the middleware with app.use(tf) before your other routes and static files (with app.use("/t", tf), the tag is /t/twinfire.js), or serve @twinfire/browser/twinfire.min.js yourself.';
  if (!got.ok) return { url, finding: { status: 'fail', check: 'script.served', message: `Could not load the script ${url}: ${got.error}.`, fix: mountFix } };
  const { response, body } = got;
  if (response.status !== 200) {
    return { url, finding: { status: 'fail', check: 'script.served', message: `The script ${url} answered ${response.status}, not 200.`, fix: mountFix } };
  }
  const type = response.headers.get('content-type') ?? '';
  if (!/javascript|ecmascript/i.test(type)) {
    return {
      url,
      finding: {
        status: 'fail',
        check: 'script.served',
        message: `The script ${url} is served as ${type || 'no content-type'}, not JavaScript: browsers refuse to run it (X-Content-Type-Options: nosniff) or it is an error page.`,
        fix: mountFix,
      },
    };
  }
  if (!looksLikeTwinfire(body)) {
    return {
      url,
      finding: {
        status: 'fail',
        check: 'script.served',
        message: `${url} is JavaScript but not twinfire's script.`,
        fix: `Point the tag at the script twinfire serves. ${mountFix}`,
      },
    };
  }
  const result: ScriptResult = {
    url,
    hasBaseCode: hasBaseCodeAppendix(body),
    finding: { status: 'pass', check: 'script.served', message: `${url} serves twinfire's script (${Buffer.byteLength(body)} bytes).` },
  };
  const endpoint = configEndpoint(body);
  if (endpoint !== undefined) result.configEndpoint = endpoint;
  return result;
}

export function looksLikeTwinfire(body: string): boolean {
  return body.includes('twinfireConfig') && /\btwinfire\b/.test(body);
}

/** One-tag mode: the server appended Meta's base code (see @twinfire/server's `baseCodeAppendix`). */
export function hasBaseCodeAppendix(body: string): boolean {
  return body.includes('twinfire one-tag mode') || (/fbevents\.js/.test(body) && /fbq\('init'/.test(body));
}

/** The endpoint of the server's prefix `try{window.twinfireConfig={endpoint:"/twinfire",...` */
export function configEndpoint(body: string): string | undefined {
  const match = /window\.twinfireConfig\s*=\s*\{\s*endpoint\s*:\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/.exec(body);
  if (!match) return undefined;
  const literal = match[1]!;
  try {
    return literal.startsWith('"') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
  } catch {
    return literal.slice(1, -1);
  }
}
