import type { ActionSource, EventName } from './names.js';

/** One line of `custom_data.contents`. */
export interface Content {
  id: string;
  quantity?: number;
  item_price?: number;
  delivery_category?: 'in_store' | 'curbside' | 'home_delivery';
  [key: string]: unknown;
}

/** Meta's `custom_data`: the standard fields, plus any custom keys. */
export interface CustomData {
  value?: number;
  /** ISO 4217, upper case (`EUR`). */
  currency?: string;
  content_ids?: string[];
  contents?: Content[];
  content_type?: 'product' | 'product_group' | (string & {});
  content_name?: string;
  content_category?: string;
  num_items?: number;
  order_id?: string;
  predicted_ltv?: number;
  search_string?: string;
  status?: string;
  delivery_category?: 'in_store' | 'curbside' | 'home_delivery';
  [key: string]: unknown;
}

/**
 * The customer-information keys that Meta wants normalized and SHA-256 hashed. (`external_id` is hashed
 * by twinfire too, the same way on both sides.)
 */
export const HASHED_USER_DATA_KEYS = ['em', 'ph', 'fn', 'ln', 'ge', 'db', 'ct', 'st', 'zp', 'country', 'external_id'] as const;
export type HashedUserDataKey = (typeof HASHED_USER_DATA_KEYS)[number];

/** Meta's `user_data`. Values of the hashed keys may be one string or several. */
export interface UserData {
  em?: string | string[];
  ph?: string | string[];
  fn?: string | string[];
  ln?: string | string[];
  ge?: string | string[];
  db?: string | string[];
  ct?: string | string[];
  st?: string | string[];
  zp?: string | string[];
  country?: string | string[];
  external_id?: string | string[];
  /** Never hashed. IPv6 preferred by Meta when both exist. */
  client_ip_address?: string;
  /** Never hashed. Required for `action_source: 'website'`. */
  client_user_agent?: string;
  /** `_fbp` cookie value, never hashed. */
  fbp?: string;
  /** `_fbc` cookie value, never hashed. */
  fbc?: string;
  subscription_id?: string;
  fb_login_id?: string;
  lead_id?: string;
  anon_id?: string;
  madid?: string;
  page_id?: string;
  page_scoped_user_id?: string;
  ctwa_clid?: string;
  ig_account_id?: string;
  ig_sid?: string;
}

/** One event of a Conversions API request (`POST /<version>/<pixel>/events`, `data[]`). */
export interface ServerEvent {
  event_name: EventName;
  /** Unix time in seconds. */
  event_time: number;
  /** The deduplication key: identical to the Pixel's `eventID` for the same event. */
  event_id?: string;
  action_source: ActionSource;
  /** Required for `action_source: 'website'`. */
  event_source_url?: string;
  user_data: UserData;
  custom_data?: CustomData;
  opt_out?: boolean;
  data_processing_options?: string[];
  data_processing_options_country?: number;
  data_processing_options_state?: number;
  referrer_url?: string;
  [key: string]: unknown;
}

/** Body of a Conversions API request. `access_token` belongs in the body, never in a URL. */
export interface EventsRequestBody {
  data: ServerEvent[];
  access_token?: string;
  test_event_code?: string;
  partner_agent?: string;
}

/** Meta's success answer: check `events_received`. */
export interface EventsResponse {
  events_received: number;
  messages: string[];
  fbtrace_id: string;
}

/** Meta's error answer (classify by `code`, not by HTTP status). */
export interface GraphError {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  fbtrace_id?: string;
}
