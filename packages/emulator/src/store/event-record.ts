/** Where a copy of an event came from: the Pixel (`/tr` hits) or the Conversions API (`POST .../events`). */
export type EventSource = 'browser' | 'server';

/** `kept` counts in Meta's reports; `deduplicated` was discarded as a copy of another event. */
export type EventStatus = 'kept' | 'deduplicated';

/** Which of Meta's rules discarded a copy. */
export type DedupRule = 'event_id' | 'fbp' | 'external_id';

/** One event as the emulator received it (the JSON API returns these, minus nothing). */
export interface EventRecord {
  /** Emulator-wide sequence number, increasing with arrival. */
  seq: number;
  pixel_id: string;
  event_name: string;
  event_id?: string;
  source: EventSource;
  /** Arrival time, ms since the epoch, from the emulator's clock. */
  received_at: number;
  status: EventStatus;
  /** `seq` of the copy that was kept instead of this one. */
  deduplicated_by?: number;
  dedup_rule?: DedupRule;
  test_event_code?: string;
  /** Customer-information keys the event carried (`em`, `fbp`, `client_ip_address`, ...), sorted. */
  match_keys: string[];
  action_source?: string;
  /** Unix seconds as sent (server) or derived from the hit's `ts` (browser). */
  event_time?: number;
  event_source_url?: string;
  custom_data?: Record<string, unknown>;
  /** As received; for browser hits, advanced-matching values hashed by the emulator on arrival. */
  user_data?: Record<string, unknown>;
  /** Server events: Limited Data Use and opt-out fields, as sent. */
  referrer_url?: string;
  opt_out?: boolean;
  data_processing_options?: unknown[];
  data_processing_options_country?: number;
  data_processing_options_state?: number;
  /** Trace id of the Graph API response that accepted it (server events). */
  fbtrace_id?: string;
}

/** An event of a rejected request, kept so the page can list it as `rejected`. */
export interface RejectedEventSummary {
  index: number;
  event_name?: string;
  event_id?: string;
}

/** A Graph API request the emulator answered with an error (never includes the access token). */
export interface RejectionRecord {
  seq: number;
  received_at: number;
  pixel_id: string;
  http_status: number;
  error: MetaErrorBody;
  event_count: number;
  events: RejectedEventSummary[];
  test_event_code?: string;
}

/** The `error` object of a Graph API error response. */
export interface MetaErrorBody {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  is_transient?: boolean;
  error_user_title?: string;
  error_user_msg?: string;
  fbtrace_id: string;
}
