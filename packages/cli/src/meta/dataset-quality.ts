import { CliError } from '../errors.js';
import { MAX_RESPONSE_BYTES, readCapped } from '../site/http.js';

/** The fields `twinfire verify` asks for. Spelled `dedupe_key_feedback`: `dedup_key_feedback` is refused by Graph. */
export const DATASET_QUALITY_FIELDS =
  'web{event_name,event_coverage{percentage,goal_percentage},' +
  'dedupe_key_feedback{dedupe_key,browser_events_with_dedupe_key{percentage},server_events_with_dedupe_key{percentage},overall_browser_coverage_from_dedupe_key{percentage}},' +
  'event_match_quality{composite_score,match_key_feedback,diagnostics},data_freshness{upload_frequency}}';

export interface Percentage {
  percentage?: number;
}

/** One `web[]` element of Meta's answer. Every metric may be missing: Graph leaves out what it has not computed. */
export interface WebEventQuality {
  event_name: string;
  event_coverage?: { percentage?: number; goal_percentage?: number };
  dedupe_key_feedback?: {
    dedupe_key: string;
    browser_events_with_dedupe_key?: Percentage;
    server_events_with_dedupe_key?: Percentage;
    overall_browser_coverage_from_dedupe_key?: Percentage;
  }[];
  event_match_quality?: {
    composite_score?: number;
    match_key_feedback?: { identifier: string; coverage?: Percentage }[];
    diagnostics?: { name?: string; description?: string; solution?: string; percentage?: number; affected_event_count?: number; total_event_count?: number }[];
  };
  data_freshness?: { upload_frequency?: string };
}

export interface DatasetQualityRequest {
  graphUrl: string;
  graphVersion: string;
  pixel: string;
  token: string;
  timeoutMs: number;
}

/** The request URL without the token (the token travels in the Authorization header): safe to print. */
export function datasetQualityUrl(request: Omit<DatasetQualityRequest, 'token' | 'timeoutMs'>): string {
  const query = new URLSearchParams({ dataset_id: request.pixel, fields: DATASET_QUALITY_FIELDS });
  return `${request.graphUrl}/${request.graphVersion}/dataset_quality?${query}`;
}

interface GraphError {
  message?: string;
  code?: number;
  error_subcode?: number;
  error_user_msg?: string;
  fbtrace_id?: string;
}

/** Meta's refusal, in words a shop owner can act on. */
export function explainGraphError(status: number, error: GraphError, pixel: string): CliError {
  const code = error.code;
  const subcode = error.error_subcode;
  const meta = `Meta said: ${String(error.message ?? `HTTP ${status}`).slice(0, 300)}${code !== undefined ? ` (code ${code}${subcode !== undefined ? `, subcode ${subcode}` : ''})` : ''}${error.fbtrace_id ? `, fbtrace_id ${error.fbtrace_id}` : ''}`;
  const fail = (reason: string, what: string): CliError => new CliError('ERR_TWINFIRE_META_API', `${what}\n${meta}`, reason);
  if (code === 190 && subcode === 463) {
    return fail('token_expired', 'The access token has expired. Generate a new one in Events Manager > your pixel > Settings > Conversions API.');
  }
  if (code === 190) {
    return fail(
      'token_invalid',
      'The access token is not valid (mistyped, revoked, or its user changed password or logged out). Generate a new one in Events Manager > Settings > Conversions API.',
    );
  }
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299) || /missing permission|permission/i.test(String(error.message ?? ''))) {
    return fail(
      'permission',
      `The token may not read dataset ${pixel}'s quality. The token's user needs "Use events dataset" (partial access) on it, and an app token needs ads_read; tokens made in Events Manager before July 2025 must be regenerated.`,
    );
  }
  if (code === 100 && /nonexisting field/i.test(String(error.message ?? ''))) {
    return fail(
      'unknown_field',
      'Graph does not know a field twinfire asked for: this Graph API version may not have it. Try --graph-version with a newer version.',
    );
  }
  if (code === 2500 || (code === 100 && /dataset|does not exist|unsupported get request/i.test(String(error.message ?? '')))) {
    return fail('dataset', `Meta does not know dataset ${pixel}, or the token may not see it. Check the pixel id (Events Manager > Data sources).`);
  }
  if (code === 4 || code === 17 || code === 32 || code === 613 || (code !== undefined && code >= 80000 && code <= 80014)) {
    return fail('rate_limit', 'Meta is rate limiting this token. Wait a few minutes and run it again.');
  }
  if (status >= 500 || code === 1 || code === 2) return fail('unavailable', 'Meta could not answer just now (a temporary error). Run it again in a minute.');
  return fail('refused', 'Meta refused the request.');
}

/**
 * `GET {graph}/{version}/dataset_quality`: the per-event list (empty when Meta has no quality data for the
 * dataset yet). Throws {@link CliError} with a reason for every refusal, timeout or unreadable answer.
 */
export async function fetchDatasetQuality(request: DatasetQualityRequest): Promise<WebEventQuality[]> {
  const url = datasetQualityUrl(request);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${request.token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    const timedOut = (error as Error)?.name === 'TimeoutError';
    throw new CliError(
      'ERR_TWINFIRE_META_API',
      timedOut
        ? `${request.graphUrl} did not answer within ${request.timeoutMs} ms.`
        : `Could not reach ${request.graphUrl}: ${(error as Error & { cause?: Error })?.cause?.message ?? (error as Error)?.message}.`,
      timedOut ? 'timeout' : 'network',
    );
  }
  let text: string | undefined;
  try {
    text = await readCapped(response, MAX_RESPONSE_BYTES);
  } catch (error) {
    const timedOut = (error as Error)?.name === 'TimeoutError';
    throw new CliError(
      'ERR_TWINFIRE_META_API',
      `${request.graphUrl} ${timedOut ? `did not finish its answer within ${request.timeoutMs} ms` : 'broke off its answer'}.`,
      timedOut ? 'timeout' : 'network',
    );
  }
  if (text === undefined)
    throw new CliError(
      'ERR_TWINFIRE_META_API',
      `${request.graphUrl} answered with more than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB: is --graph-url a Graph API?`,
      'not_json',
    );
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CliError(
      'ERR_TWINFIRE_META_API',
      `${request.graphUrl} answered HTTP ${response.status} with something other than JSON: is --graph-url a Graph API?`,
      'not_json',
    );
  }
  const error = (body as { error?: GraphError } | null)?.error;
  if (!response.ok || error) throw explainGraphError(response.status, typeof error === 'object' && error !== null ? error : {}, request.pixel);
  const web = (body as { web?: unknown })?.web;
  if (web === undefined) return [];
  if (!Array.isArray(web)) throw new CliError('ERR_TWINFIRE_META_API', 'Meta answered with a "web" that is not a list.', 'unexpected');
  return web.filter((item): item is WebEventQuality => typeof item === 'object' && item !== null && typeof (item as WebEventQuality).event_name === 'string');
}
