import { type MirrorDataProcessing, type MirrorPayload, type MirrorUserData, PIXEL_ID } from '@twinfire/core';
import type { TwinfireOptions } from '../config/options.js';
import { createConsentGate } from '../consent/consent-gate.js';
import { fbCookies } from '../cookies/fb-cookies.js';
import { makeSpareEventId } from '../stamp/new-event-id.js';
import { stampCall } from '../stamp/stamp-call.js';
import { createQueue } from '../transport/queue.js';

/** Sees one fbq call; returns new, stamped arguments when it added an eventID. Never throws. */
export type Observer = (call: Iterable<unknown>) => unknown[] | undefined;

/**
 * The page-side state the mirrors need (pixel ids and advanced matching from `init`, consent, Limited Data
 * Use), kept by watching fbq calls, and the mirroring itself: one payload per page event, in
 * `@twinfire/core`'s wire format v1, held while consent is denied.
 */
export function createTracker(options: TwinfireOptions): Observer {
  const endpoint = options.endpoint || '/twinfire';
  // A bare `data-debug` attribute arrives as '' (see readScriptConfig): anything but absent or false is on.
  const log = (...data: unknown[]) => (options.debug ?? false) !== false && console.log('[twinfire]', ...data);
  const [run, setConsent, consent] = createConsentGate(options.consent == 'required');
  // Replaced, never mutated, so a held payload keeps what was true when its event happened.
  let pixelIds: string[] = [];
  let userData: MirrorUserData | undefined;
  let processing: MirrorDataProcessing | undefined;
  const seen = new Set<string>();
  // A document's referrer never changes (a history.pushState keeps it): read once, not per call.
  const referrer = document.referrer;
  // One cookie read for all the events of a batch, at flush time. If consent was revoked since the events
  // were made (in the same task), the batch goes as denied instead: the server sends nothing, sets no cookie,
  // and deletes what of this browser's is still waiting.
  const queue = createQueue(endpoint, log, () => {
    try {
      // The batch's task, after the calls: the next call's eventID is made here, off its path. Inside the
      // try: a page that broke crypto loses its spare id, not the batch.
      makeSpareEventId();
      return consent() == 'denied' ? { consent: 'denied' } : fbCookies(Date.now());
    } catch (error) {
      // No cookie access (a sandboxed iframe): mirror without fbp/fbc rather than not at all.
      log(error);
    }
  });

  function mirror(name: string, id: string, params: unknown, pixel?: string) {
    // One mirror per page event, however often the call is replayed.
    const key = `${name}\n${id}\n${pixel}`;
    if (seen.has(key) || (pixel && !PIXEL_ID.test(pixel))) return;
    seen.add(key);
    const payload: Partial<MirrorPayload> = {
      v: 1,
      event_name: name,
      event_id: id,
      // `>>> 0` floors to an unsigned 32-bit integer, true of Unix seconds until 2106 (bytes: no Math.floor).
      event_time: (Date.now() / 1000) >>> 0,
      // Not document.URL, read faster in Chromium (3-8 µs less per call): an element named "URL" in the page
      // (<form name="URL">) replaces it, while window.location cannot be shadowed.
      event_source_url: location.href,
      // An empty referrer is dropped by the server's parser, so it is not filtered here (bytes).
      referrer,
      // typeof null is 'object' too: the server's parser treats null as absent (bytes: no extra check).
      custom_data: typeof params == 'object' ? (params as MirrorPayload['custom_data']) : undefined,
      pixel_ids: pixel ? [pixel] : pixelIds[0] ? pixelIds : undefined,
      user_data: userData,
      data_processing_options: processing,
    };
    run(() => {
      payload.consent = consent();
      queue(payload);
    });
  }

  return (call) => {
    try {
      // Indexes, not spread and destructuring: both walk the iterator protocol, slow in a cold call.
      const args = Array.from(call);
      const command = args[0];
      const a = args[1];
      const b = args[2];
      const c = args[3];
      const id = String(a);
      if (command == 'init' && PIXEL_ID.test(id)) {
        if (!pixelIds.includes(id)) pixelIds = [...pixelIds, id];
        // Spreading a non-object adds nothing the server reads (bytes: no type check).
        userData = { ...userData, ...(b as object) };
      }
      if (command == 'consent' && (a == 'grant' || a == 'revoke')) setConsent(a == 'grant' ? 'granted' : 'denied');
      if (command == 'dataProcessingOptions' && Array.isArray(a)) processing = { options: a, country: b as number, state: c as number };
      if (stampCall(args, mirror)) return args;
    } catch (error) {
      log(error);
    }
  };
}
