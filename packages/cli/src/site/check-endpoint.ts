import { CHECK_USER_AGENT, fetchText } from './http.js';
import type { Finding } from './types.js';

const MOUNT_FIX =
  'Mount the middleware where the script posts: app.use(tf) before your other routes, body parsers and static files; ' +
  'mounted under a path (app.use("/t", tf)) the tag is /t/twinfire.js and the endpoint /t/twinfire. ' +
  'A data-endpoint on the tag or window.twinfireConfig.endpoint must name that same path.';

/**
 * `endpoint.answers`: POST `{}` as text/plain. twinfire's endpoint refuses it with a 4xx JSON error
 * (`{"error":{"code":...}}`) and sends nothing to Meta; anything else means the mirrors go nowhere.
 */
export async function checkEndpoint(endpoint: string, pageUrl: string, timeoutMs: number): Promise<Finding> {
  const origin = new URL(pageUrl).origin;
  const got = await fetchText(
    endpoint,
    {
      method: 'POST',
      body: '{}',
      redirect: 'manual',
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': CHECK_USER_AGENT, origin, referer: pageUrl },
    },
    timeoutMs,
  );
  if (!got.ok) {
    return { status: 'fail', check: 'endpoint.answers', message: `The mirror endpoint ${endpoint} did not answer: ${got.error}.`, fix: MOUNT_FIX };
  }
  const { response, body } = got;
  const status = response.status;
  const code = errorCode(body);
  if (status >= 400 && status < 500 && code !== undefined && status !== 404) {
    return {
      status: 'pass',
      check: 'endpoint.answers',
      message: `The mirror endpoint ${endpoint} answers: a POST of {} got ${status} ${code}, as twinfire refuses garbage (nothing sent to Meta).`,
    };
  }
  if (status === 404 || status === 405) {
    return {
      status: 'fail',
      check: 'endpoint.answers',
      message: `The mirror endpoint ${endpoint} answered ${status}: nothing receives the mirrors there, so no event gets its server twin.`,
      fix: MOUNT_FIX,
    };
  }
  if (status >= 500) {
    const what = code !== undefined ? ` (${code})` : '';
    return {
      status: 'fail',
      check: 'endpoint.answers',
      message: `The mirror endpoint ${endpoint} answered ${status}${what}: mirrors are lost while it does.`,
      fix:
        code === 'queue_full'
          ? 'The queue is full: check the Conversions API delivery (token, network) in tf.stats() and the logs.'
          : `Look at the server's log. ${MOUNT_FIX}`,
    };
  }
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location') ?? '';
    return {
      status: 'fail',
      check: 'endpoint.answers',
      message: `The mirror endpoint ${endpoint} redirects (${status} to ${location || '?'}): sendBeacon does not follow a redirect with its body.`,
      fix: `Post to the final URL (same scheme and host as the page). ${MOUNT_FIX}`,
    };
  }
  return {
    status: 'fail',
    check: 'endpoint.answers',
    message: `The mirror endpoint ${endpoint} answered ${status} without twinfire's JSON error to a POST of {}: something else than twinfire handles that path.`,
    fix: MOUNT_FIX,
  };
}

/** The `code` of twinfire's `{"error":{"code":...}}` answer, if that is what the body is. */
function errorCode(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown } };
    const code = parsed?.error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
