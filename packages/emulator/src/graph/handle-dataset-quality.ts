import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkSelection, NonexistingFieldError, project, webElement } from '../quality/dataset-quality.js';
import { measureQuality } from '../quality/event-quality.js';
import { type FieldSelection, FieldSyntaxError, parseFields } from '../quality/field-selection.js';
import { DATASET_QUALITY_NODE } from '../quality/graph-node-types.js';
import { sendJson } from '../server/respond.js';
import type { GraphContext } from './handle-events.js';
import { metaError } from './meta-error.js';

/** Every metric, for a request without `fields`. */
const ALL_FIELDS: FieldSelection[] = [{ name: 'web' }];

/** `Authorization: Bearer T` (or `OAuth T`), else `?access_token=T`. */
function accessTokenOf(req: IncomingMessage, url: URL): string | undefined {
  const header = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return header?.[1] ?? (url.searchParams.get('access_token') || undefined);
}

/**
 * `GET /{version}/dataset_quality?dataset_id=ID&fields=web{...}`: Meta's Dataset Quality API, answered from
 * the emulator's own records (see the README for how each number is computed). A dataset without events
 * answers `{}`, as Graph does for one without quality data.
 */
export async function handleDatasetQuality(req: IncomingMessage, res: ServerResponse, url: URL, ctx: GraphContext): Promise<void> {
  const datasetId = url.searchParams.get('dataset_id') ?? '';
  const fault = ctx.faults.take({ endpoint: 'dataset_quality', pixelId: datasetId, eventIds: [] }, ctx.options.now());
  if (fault) {
    if (fault.delayMs > 0) await ctx.sleeper.sleep(fault.delayMs);
    if (fault.drop) return void req.socket.destroy();
    if (fault.response) return sendJson(res, fault.response.status, fault.response.body);
  }
  const token = accessTokenOf(req, url);
  if (!token) return sendJson(res, 400, { error: metaError(190, { message: 'An access token is required to request this resource.' }) });
  if (ctx.options.acceptedTokens && !ctx.options.acceptedTokens.has(token)) {
    return sendJson(res, 401, { error: metaError(190, { message: 'Invalid OAuth access token - Cannot parse access token' }) });
  }
  if (!/^\d+$/.test(datasetId)) {
    const message = datasetId
      ? `(#100) Param dataset_id must be a valid dataset id, got "${datasetId.slice(0, 64)}"`
      : '(#100) The parameter dataset_id is required';
    return sendJson(res, 400, { error: metaError(100, { message }) });
  }
  let selection = ALL_FIELDS;
  const fields = url.searchParams.get('fields');
  try {
    if (fields !== null && fields.trim() !== '') selection = parseFields(fields);
    checkSelection(selection, DATASET_QUALITY_NODE);
  } catch (error) {
    if (error instanceof FieldSyntaxError || error instanceof NonexistingFieldError) {
      return sendJson(res, 400, { error: metaError(100, { message: error instanceof FieldSyntaxError ? `(#100) ${error.message}` : error.message }) });
    }
    throw error;
  }
  const events = measureQuality(ctx.store.listEvents()).get(datasetId) ?? [];
  if (events.length === 0) return sendJson(res, 200, {});
  sendJson(res, 200, project({ web: events.map(webElement) }, selection));
}
