/** Limits shared by every twinfire package; each mirrors a rule of Meta's or a sane bound of ours. */
export const LIMITS = {
  /** Meta rejects events whose event_time is more than 7 days old. */
  maxEventAgeSeconds: 7 * 24 * 60 * 60,
  /** Future event_times are rejected by Meta; we allow this much clock skew from browsers. */
  maxFutureSkewSeconds: 5 * 60,
  /** Events per Conversions API request. */
  maxEventsPerRequest: 1000,
  /** Dedup window Meta applies to same name + event_id. */
  dedupWindowSeconds: 48 * 60 * 60,
  maxEventIdLength: 128,
  /** Meta: custom event names are at most 50 characters. */
  maxEventNameLength: 50,
  maxUrlLength: 4096,
  /** Any other string value in a mirror. */
  maxStringLength: 1000,
  /** Any array in a mirror (content_ids, contents, pixel_ids, multi-value user data). */
  maxArrayLength: 500,
  maxPixelIds: 20,
  /** Mirrors in one batch body (`{ v: 1, events: [...] }`): the events of one page task. */
  maxBatchEvents: 50,
  /** Keys in custom_data (standard and custom together). */
  maxCustomDataKeys: 100,
  /** Nesting depth of custom values inside custom_data (`{a:{b:{c:1}}}` is depth 3). */
  maxCustomDataDepth: 4,
  /**
   * JSON nodes (objects, arrays, values) in custom_data, all levels together. A 100-line cart is about 500;
   * the bound keeps a 60 KB body of `{}` from becoming megabytes of objects on the server.
   */
  maxCustomDataNodes: 2000,
} as const;
