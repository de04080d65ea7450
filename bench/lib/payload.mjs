// The mirror every benchmark sends: a realistic wire format v1 payload, as @twinfire/browser posts it for a
// product page view (advanced matching, both Meta cookies, one pixel). See packages/core/README.md.
export const PIXEL_ID = '1234567890123';
export const TOKEN = 'EAAbench-token-0000000000';
export const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const FBP = 'fb.1.1764000000000.1234567890';
export const FBC = 'fb.1.1764000000000.IwAR2xBenchClickIdAbCdEf0123456789';

/** The body text of one mirror. `eventId` may be autocannon's `[<id>]` placeholder. */
export function mirrorBody(eventId, eventTime = Math.floor(Date.now() / 1000)) {
  return JSON.stringify({
    v: 1,
    event_name: 'ViewContent',
    event_id: eventId,
    event_time: eventTime,
    event_source_url: 'https://shop.example.com/products/blue-mug?variant=2',
    referrer: 'https://shop.example.com/collections/mugs',
    custom_data: { content_ids: ['SKU-1042'], content_type: 'product', content_name: 'Blue mug', value: 19.9, currency: 'EUR' },
    fbp: FBP,
    fbc: FBC,
    pixel_ids: [PIXEL_ID],
    user_data: { em: 'jane.doe@example.com' },
  });
}

/**
 * The headers a browser's sendBeacon sends to the site's own origin, in its steady state: after its first
 * mirror of the day it holds the cookies twinfire set, `_twc` (today's day number) included, so the answers
 * carry no Set-Cookie (the first mirror of a day gets three, as a load generator keeping no cookies would get
 * on every request).
 */
export function mirrorHeaders(appUrl) {
  return {
    'content-type': 'text/plain;charset=UTF-8',
    origin: appUrl,
    'user-agent': USER_AGENT,
    cookie: `_fbp=${FBP}; _fbc=${FBC}; _twc=${Math.floor(Date.now() / 86_400_000)}; cart=abc123`,
  };
}
