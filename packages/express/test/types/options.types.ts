// Compile-time tests of the public options type (run by `npm run typecheck` through tsconfig.tests.json, never
// executed): valid uses are plain lines, misuse carries `// @ts-expect-error`, so a type that becomes too loose
// or too strict fails the type-check. Compiled under `strict`, like a user's project.
import { type PixelConfig, type TwinfireOptions, twinfire } from '@twinfire/express';

declare const env: NodeJS.ProcessEnv;

// The README's own lines: a token from the environment is `string | undefined` under `strict`; the runtime, not
// the type, refuses a missing one (ERR_TWINFIRE_MISSING_ACCESS_TOKEN).
twinfire({ pixels: [{ id: '1234567890', accessToken: process.env.META_ACCESS_TOKEN }] });
twinfire({ pixelId: '1234567890', accessToken: process.env.META_ACCESS_TOKEN });
twinfire({ pixelId: '1234567890', accessToken: env.META_ACCESS_TOKEN, graphUrl: env.TWINFIRE_GRAPH_URL ?? 'https://graph.facebook.com' });
twinfire({
  pixels: [
    { id: '1', accessToken: 'a' },
    { id: '2', accessToken: 'b' },
  ],
  batchSize: 100,
  scriptPath: false,
});
const pixel: PixelConfig = { id: '1', accessToken: undefined };
const options: TwinfireOptions = { pixels: [pixel], flushIntervalMs: 10 };
twinfire(options);

// Both shapes at once.
// @ts-expect-error `pixels` and `pixelId` exclude each other
twinfire({ pixels: [pixel], pixelId: '1', accessToken: 'a' });
// @ts-expect-error `pixels` and the shorthand's `accessToken` exclude each other
twinfire({ pixels: [pixel], accessToken: 'a' });

// Neither shape.
// @ts-expect-error a pixel is required
twinfire({});
// @ts-expect-error a pixel is required
twinfire({ graphUrl: 'https://graph.facebook.com' });
// @ts-expect-error `accessToken` alone names no pixel
twinfire({ accessToken: 'a' });

// Wrong types and forgotten keys.
// @ts-expect-error a pixel id is a string of digits, not a number
twinfire({ pixelId: 1234567890, accessToken: 'a' });
// @ts-expect-error the shorthand needs `accessToken` too (it may be `undefined`, but it must be written)
twinfire({ pixelId: '1' });
// @ts-expect-error a pixel needs `accessToken` (it may be `undefined`, but it must be written)
twinfire({ pixels: [{ id: '1' }] });
// @ts-expect-error `pixels` is a list
twinfire({ pixels: pixel });
// @ts-expect-error a token is a string
twinfire({ pixelId: '1', accessToken: 42 });
// @ts-expect-error unknown option names are caught at compile time as well as at run time
twinfire({ pixelId: '1', accessToken: 'a', flushInterval: 10 });
// @ts-expect-error options keep their own types in both shapes
twinfire({ pixels: [pixel], batchSize: '100' });
