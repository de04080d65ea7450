import type { MirrorPayload, ServerEvent, UserData } from '@twinfire/core';

export interface DataProcessing {
  options: string[];
  country?: number;
  state?: number;
}

export interface TwinInput {
  payload: MirrorPayload;
  ip: string | undefined;
  userAgent: string | undefined;
  fbp: string | undefined;
  fbc: string | undefined;
  /** From the `userData(req)` hook: trusted server data, wins over the page's advanced matching. */
  hookUserData: UserData | undefined;
  dataProcessing: DataProcessing | undefined;
  /** Server time, Unix ms. */
  now: number;
}

/**
 * The server twin of a browser event: the very same `event_name` and `event_id` (Meta's dedup key),
 * `action_source: 'website'`, the page's event_time (capped at now), URL, referrer and validated custom_data, and
 * user_data from the request (IP, user agent, fbp, fbc) plus advanced matching. User data is still plain here;
 * hashing comes after the `beforeSend` hook.
 */
export function buildTwin(input: TwinInput): ServerEvent {
  const { payload } = input;
  const userData: UserData = { ...(payload.user_data ?? {}) };
  if (input.ip) userData.client_ip_address = input.ip;
  if (input.userAgent) userData.client_user_agent = input.userAgent;
  if (input.fbp) userData.fbp = input.fbp;
  if (input.fbc) userData.fbc = input.fbc;
  Object.assign(userData, input.hookUserData ?? {});

  const event: ServerEvent = {
    event_name: payload.event_name,
    // A browser clock running a few minutes fast passes the mirror check (5 min skew) but Meta refuses future
    // times: never send a time ahead of the server's. Dedup keys on name + id, not on time.
    event_time: Math.min(payload.event_time, Math.floor(input.now / 1000)),
    event_id: payload.event_id,
    action_source: 'website',
    event_source_url: payload.event_source_url,
    user_data: userData,
  };
  if (payload.referrer) event.referrer_url = payload.referrer;
  if (payload.custom_data && Object.keys(payload.custom_data).length > 0) event.custom_data = payload.custom_data;
  applyDataProcessing(event, input.dataProcessing);
  return event;
}

export function applyDataProcessing(event: ServerEvent, dpo: DataProcessing | undefined): void {
  if (!dpo) return;
  event.data_processing_options = dpo.options.slice();
  if (dpo.options.length > 0) {
    event.data_processing_options_country = dpo.country ?? 0;
    event.data_processing_options_state = dpo.state ?? 0;
  }
}
