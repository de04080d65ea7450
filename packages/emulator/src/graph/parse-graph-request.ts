import { isPlainObject } from './formats.js';

/** The fields of a Graph API call, from the query string and the body (the body wins). */
export interface GraphRequest {
  accessToken?: string;
  testEventCode?: string;
  /** The parsed `data` field: an array when well-formed. */
  data?: unknown;
  /** Why the body or the `data` field could not be read. */
  problem?: string;
}

/**
 * Meta accepts a JSON body, or form fields (`application/x-www-form-urlencoded`) where `data` is a JSON
 * string; parameters may also come in the query string.
 */
export function parseGraphRequest(body: Buffer, contentType: string | undefined, query: URLSearchParams): GraphRequest {
  const fields: Record<string, unknown> = Object.fromEntries(query);
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  let problem: string | undefined;
  if (body.length > 0) {
    if (type === 'application/x-www-form-urlencoded') {
      Object.assign(fields, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    } else {
      try {
        const parsed: unknown = JSON.parse(body.toString('utf8'));
        if (isPlainObject(parsed)) Object.assign(fields, parsed);
        else problem = 'The request body must be a JSON object such as {"data": [...]}.';
      } catch {
        problem = `The request body is not valid JSON (content-type ${type || 'missing'}); send JSON or form fields with data=<JSON array>.`;
      }
    }
  }
  let data = fields['data'];
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      problem ??= 'The parameter data is not valid JSON.';
    }
  }
  const result: GraphRequest = { data };
  if (typeof fields['access_token'] === 'string' && fields['access_token'] !== '') result.accessToken = fields['access_token'];
  if (typeof fields['test_event_code'] === 'string' && fields['test_event_code'] !== '') result.testEventCode = fields['test_event_code'];
  if (problem) result.problem = problem;
  return result;
}

/** event_id of each event in `data`, for fault matching and rejection summaries. */
export function summarizeEvents(data: unknown): { index: number; event_name?: string; event_id?: string }[] {
  if (!Array.isArray(data)) return [];
  return data.map((event: unknown, index) => {
    const summary: { index: number; event_name?: string; event_id?: string } = { index };
    if (isPlainObject(event)) {
      if (typeof event['event_name'] === 'string') summary.event_name = event['event_name'];
      const id = event['event_id'];
      if (typeof id === 'string' || typeof id === 'number') summary.event_id = String(id);
    }
    return summary;
  });
}
