import fc from 'fast-check';
import { PIXEL_A, PIXEL_B } from '../harness.js';

// Generators for the door's property test: valid mirrors, each field now and then swapped for something
// hostile, plus the headers a script could send. Valid values dominate, so most runs get past the parser.

const NOW = Math.floor(Date.now() / 1000);

/** Characters that must never reach Meta in a name, an fbclid or a cookie: controls, invisible, separators. */
const NASTY = [
  '\u0000',
  '\u0001',
  '\t',
  '\n',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u00ad',
  '\u200b',
  '\u200d',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2060',
  '\u2066',
  '\u3000',
  '\ufeff',
  '\ud800',
];

const sprinkled = fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...NASTY), fc.string({ maxLength: 12 })).map(([a, c, b]) => a + c + b);
export const hostileString = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), sprinkled, fc.constantFrom('', ' ', 'null', '__proto__', 'x'.repeat(5000)));
const hostileNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(1e9, -1, 0.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, NOW * 1000));
const hostileValue = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined));

type Maybe = <T>(valid: fc.Arbitrary<T>) => fc.Arbitrary<unknown>;
/** Mostly `valid`, sometimes anything at all. */
const maybe: Maybe = (valid) => fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });
const always: Maybe = (valid) => valid;
/** Mostly `value`, sometimes one of `rare`. */
const usually = <T>(value: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: value }, { weight: 1, arbitrary: rare });

const realFbclid = fc.stringMatching(/^[A-Za-z0-9_-]{1,80}$/);
const fbclid = usually(realFbclid, hostileString);
const ms = fc.integer({ min: 1_600_000_000_000, max: 1_800_000_000_000 });
const pageUrl = fc.tuple(fc.webUrl(), fc.option(fbclid, { freq: 3 })).map(([url, id]) => (id === null ? url : `${url}?fbclid=${escaped(id)}`));

/** Percent-escaped as a page would put it in a URL; a lone surrogate cannot be, and goes in raw. */
function escaped(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

const customData = (maybe: Maybe) =>
  fc
    .tuple(
      fc.record(
        {
          value: maybe(fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom('19.90', '0'))),
          currency: maybe(fc.constantFrom('EUR', 'usd', ' gbp ')),
          content_ids: maybe(fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 5 })),
          contents: maybe(
            fc.array(fc.record({ id: fc.string({ minLength: 1 }), quantity: fc.nat(10), item_price: fc.double({ min: 0, max: 1e4, noNaN: true }) }), {
              maxLength: 3,
            }),
          ),
          order_id: maybe(fc.string()),
        },
        { requiredKeys: maybe === always ? ['value', 'currency'] : [] },
      ),
      usually(fc.constant({}), fc.dictionary(fc.string({ maxLength: 10 }), maybe === always ? fc.jsonValue({ maxDepth: 2 }) : hostileValue, { maxKeys: 3 })),
    )
    .map(([known, extra]) => ({ ...extra, ...known }));

const userData = (maybe: Maybe) =>
  fc.record(
    {
      em: maybe(fc.emailAddress()),
      ph: maybe(fc.string({ maxLength: 20 })),
      fn: maybe(fc.string({ maxLength: 20 })),
      ge: maybe(fc.constantFrom('f', 'm', 'x')),
      db: maybe(fc.string({ maxLength: 10 })),
      ct: maybe(fc.string({ maxLength: 20 })),
      zp: maybe(fc.string({ maxLength: 10 })),
      country: maybe(fc.constantFrom('de', 'US', 'xx')),
      external_id: maybe(fc.oneof(fc.string({ minLength: 1 }), fc.array(fc.string(), { maxLength: 3 }))),
    },
    { requiredKeys: [] },
  );

const REQUIRED = ['v', 'event_name', 'event_id', 'event_time', 'event_source_url'] as const;

const names = fc.constantFrom('ViewContent', 'AddToCart', 'Lead', 'Purchase', 'Käufe', 'Add To Cart');

/** Every field of a mirror, each one read through `maybe`. */
const mirrorFields = (maybe: Maybe) =>
  fc.record({
    v: maybe(fc.constant(1)),
    event_name: maybe(maybe === always ? names : usually(names, sprinkled)),
    event_id: maybe(fc.uuid()),
    event_time: maybe(fc.integer({ min: NOW - 6 * 86400, max: NOW })),
    event_source_url: maybe(pageUrl),
    referrer: maybe(pageUrl),
    custom_data: maybe(customData(maybe)),
    fbp: maybe(fc.tuple(ms, fc.nat()).map(([t, n]) => `fb.1.${t}.${n}`)),
    fbc: maybe(fc.tuple(ms, maybe === always ? realFbclid : fbclid).map(([t, id]) => `fb.1.${t}.${id}`)),
    user_data: maybe(userData(maybe)),
    pixel_ids: maybe(fc.subarray([PIXEL_A, PIXEL_B], { minLength: 1 })),
    consent: maybe(fc.constantFrom('granted', 'denied')),
    data_processing_options: maybe(
      fc.record({ options: fc.constantFrom([], ['LDU']), country: fc.constantFrom(0, 1), state: fc.constantFrom(0, 1000) }, { requiredKeys: ['options'] }),
    ),
  });

/**
 * A mirror payload: half of them valid in every field (their fbclid, custom keys and user data may still be
 * odd), half with hostile fields, now and then a required field left out or unknown keys added.
 */
export const hostileMirror = fc.oneof(
  mirrorFields(always),
  fc
    .tuple(
      mirrorFields(maybe),
      usually(fc.constant(null), fc.constantFrom(...REQUIRED)),
      usually(fc.constant({}), fc.dictionary(fc.string({ maxLength: 12 }), hostileValue, { minKeys: 1, maxKeys: 2 })),
    )
    .map(([payload, dropped, extra]) => {
      const out: Record<string, unknown> = { ...extra, ...payload };
      if (dropped) delete out[dropped];
      return out;
    }),
);

/** The body as sent: the mirror as JSON, or now and then any text at all. */
export const hostileBody = usually(
  hostileMirror.map((m) => JSON.stringify(m)),
  hostileString,
);

const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });

/** Which `Origin`/`Referer` to send, by name (the site's URL is known only at run time), or raw text. */
export const originChoice = usually(
  fc.constant('own'),
  fc.oneof(fc.constantFrom('upgrade', 'none', 'null', 'evil', 'other-port', 'referer', 'foreign-referer'), headerText),
);

/** The `User-Agent`: the harness browser's mostly, else none, blank or any text. */
export const userAgentChoice = usually(fc.constant<string | undefined>('browser'), fc.oneof(fc.constantFrom(undefined, '', '   '), headerText));
