import { type GraphError, LIMITS } from '@twinfire/core';
import { scrubText } from '../logging/scrub-text.js';
import type { DeadMark, DeadReason, OutboxRecord } from '../outbox/outbox.js';
import { backoffDelay } from './backoff.js';
import { classify } from './classify-error.js';
import type { WiredEngineConfig } from './engine-config.js';
import { type GraphOutcome, postEvents } from './graph-client.js';
import type { PixelLane } from './pixel-lane.js';

/**
 * Delivers one leased batch and settles every event in it: acked, retried later, held for a paused pixel,
 * or set aside as dead with its reason. Events past Meta's 7-day limit are never sent.
 */
export async function deliverBatch(config: WiredEngineConfig, lane: PixelLane, records: OutboxRecord[]): Promise<void> {
  const cutoff = config.now() / 1000 - (LIMITS.maxEventAgeSeconds - config.expiryMarginSeconds);
  const expired = records.filter((r) => (r.eventTime ?? r.event.event_time) < cutoff);
  if (expired.length > 0) {
    await config.outbox.dead(expired.map((r) => letter(r, 'expired', config.now())));
    config.counters.dropped.expired += expired.length;
    config.logger.warn({ pixel_id: lane.pixelId, count: expired.length }, 'events set aside as expired (older than Meta accepts); not sent');
  }
  const live = expired.length > 0 ? records.filter((r) => !expired.includes(r)) : records;
  if (live.length > 0) await sendBatch(config, lane, live);
}

async function sendBatch(config: WiredEngineConfig, lane: PixelLane, records: OutboxRecord[]): Promise<void> {
  const { outbox, counters, logger } = config;
  if (lane.isPaused(config.now())) return outbox.retry(records, lane.pause!.until, false);

  counters.requests++;
  const outcome = await postEvents({
    graphUrl: config.graphUrl,
    graphVersion: config.graphVersion,
    pixelId: lane.pixelId,
    accessToken: config.tokens.get(lane.pixelId)!,
    ...(config.testEventCode ? { testEventCode: config.testEventCode } : {}),
    events: records.map((r) => r.json ?? JSON.stringify(r.event)),
    timeoutMs: config.timeoutMs,
    transport: config.transport,
    timers: config.timers,
  });
  const verdict = classify(outcome, records.length);
  const now = config.now();
  const about = describe(lane.pixelId, outcome, records.length);

  if (verdict === 'ok') {
    await outbox.ack(records);
    counters.sent += records.length;
    // `alerted`, not the pause kind: a transient failure between the stop and this success replaced the pause.
    if (lane.alerted) logger.info(about, 'Conversions API accepts this pixel again; sending resumed');
    lane.pause = undefined;
    lane.growRequests();
    lane.throttles = 0;
    lane.alerted = false;
    return;
  }
  counters.failures[verdict]++;

  if (verdict === 'transient') {
    // A request that timed out may simply be too heavy for the link: its events go back as smaller requests.
    if (outcome.kind === 'network' && outcome.reason === 'timeout') lane.shrinkRequests(records.reduce((sum, r) => sum + r.bytes, 0));
    const attempt = Math.max(...records.map((r) => r.attempts)) + 1;
    const exhausted = records.filter((r) => r.attempts + 1 >= config.maxAttempts);
    if (exhausted.length > 0) await outbox.dead(exhausted.map((r) => letter(r, 'retries_exhausted', now)));
    const again = records.filter((r) => !exhausted.includes(r));
    const delay = backoffDelay(attempt, config.retryBaseMs, config.retryMaxMs, config.random);
    await outbox.retry(again, now + delay, true);
    counters.retried += again.length;
    // The whole pixel waits out the backoff (no new batch until it ends): while Meta is down, one request per
    // backoff step instead of one per waiting batch, and no attempts spent on events that were not tried.
    if (!lane.isPaused(now)) lane.pause = { kind: 'backoff', until: now + delay, code: errorOf(outcome)?.code ?? 0 };
    logger.warn({ ...about, attempt, retry_in_ms: delay }, 'Conversions API request failed; retrying with backoff');
    return;
  }

  if (verdict === 'throttle') {
    lane.throttles++;
    const ceiling = config.throttlePauseMs * 2 ** Math.min(lane.throttles - 1, 4);
    const pauseMs = backoffDelay(1, ceiling, ceiling, config.random);
    lane.pause = { kind: 'throttle', until: now + pauseMs, code: errorOf(outcome)?.code ?? 0 };
    await outbox.retry(records, lane.pause.until, false);
    logger.warn({ ...about, pause_ms: pauseMs }, 'Conversions API is throttling this pixel; sending paused (no attempt used)');
    return;
  }

  if (verdict === 'auth') {
    lane.pause = { kind: 'auth', until: now + config.authPauseMs, code: errorOf(outcome)?.code ?? 0 };
    await outbox.retry(records, lane.pause.until, false);
    if (!lane.alerted) {
      lane.alerted = true;
      logger.error(
        { ...about, retry_in_ms: config.authPauseMs },
        `Conversions API refused the access token or a permission for pixel ${lane.pixelId}: sending to this pixel is STOPPED ` +
          'and its events are kept. Check the token (Events Manager > Settings > Conversions API), its permissions and the pixel id.',
      );
    }
    return;
  }

  // invalid: one bad event fails the whole request. Halve until each refused event is alone.
  if (records.length > 1) {
    const middle = Math.ceil(records.length / 2);
    await sendBatch(config, lane, records.slice(0, middle));
    await sendBatch(config, lane, records.slice(middle));
    return;
  }
  const error = errorOf(outcome);
  const record = records[0]!;
  await outbox.dead([letter(record, 'invalid', now, error)]);
  counters.dropped.invalid++;
  logger.warn(
    { ...about, event_name: record.event.event_name, event_id: record.event.event_id },
    'Conversions API refused an event as invalid; set aside as dead',
  );
}

function errorOf(outcome: GraphOutcome): GraphError | undefined {
  return outcome.kind === 'graph_error' ? outcome.error : undefined;
}

function letter(record: OutboxRecord, reason: DeadReason, at: number, error?: GraphError): DeadMark {
  const dead: DeadMark = { key: record.key, lease: record.lease, reason, at };
  if (error) {
    // Meta's texts may quote the refused value (an email, a phone number): scrubbed before they are kept.
    dead.error = { code: error.code, message: scrubText(String(error.message ?? '')) };
    if (error.error_subcode !== undefined) dead.error.error_subcode = error.error_subcode;
    if (error.error_user_msg !== undefined) dead.error.error_user_msg = scrubText(String(error.error_user_msg));
    if (error.fbtrace_id !== undefined) dead.error.fbtrace_id = error.fbtrace_id;
  }
  return dead;
}

/** Log fields about an answer: codes and trace id, never the request body or token. */
function describe(pixelId: string, outcome: GraphOutcome, events: number): Record<string, unknown> {
  const base: Record<string, unknown> = { pixel_id: pixelId, events };
  if (outcome.kind === 'ok') return { ...base, events_received: outcome.eventsReceived, fbtrace_id: outcome.fbtraceId };
  if (outcome.kind === 'network') return { ...base, reason: outcome.reason, status: outcome.status, detail: scrubText(outcome.message) };
  const e = outcome.error;
  return {
    ...base,
    status: outcome.status,
    code: e.code,
    error_subcode: e.error_subcode,
    message: scrubText(String(e.message ?? '')),
    fbtrace_id: e.fbtrace_id,
  };
}
