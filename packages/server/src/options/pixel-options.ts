/**
 * The two ways to name the pixels, as types: `pixels: [{ id, accessToken }]`, or `pixelId` + `accessToken` for
 * one pixel. Exactly one of them: each shape declares the other's keys as `never`, so passing both, or neither,
 * fails type-checking the way it fails at run time.
 */

/** A pixel the server sends to, with its Conversions API access token. */
export interface PixelConfig {
  /** The pixel (dataset) id, digits only. */
  id: string;
  /**
   * A Conversions API access token for this pixel. Keep it in an environment variable. `undefined` type-checks,
   * so `process.env.META_ACCESS_TOKEN` can be passed as it is under `strict`; twinfire then throws
   * `ERR_TWINFIRE_MISSING_ACCESS_TOKEN` at setup, naming the pixel.
   */
  accessToken: string | undefined;
}

/** Several pixels (or one), each with its access token. */
export interface PixelListOptions {
  /** Pixels to send to, each with its access token. */
  pixels: readonly PixelConfig[];
  /** Not with `pixels`: use `pixels` alone. */
  pixelId?: never;
  /** Not with `pixels`: each entry of `pixels` has its own `accessToken`. */
  accessToken?: never;
}

/** The shorthand for one pixel. */
export interface SinglePixelOptions {
  /** The pixel (dataset) id, digits only. */
  pixelId: string;
  /** Its access token; `undefined` type-checks (see {@link PixelConfig.accessToken}). */
  accessToken: string | undefined;
  /** Not with `pixelId`: use one shape or the other. */
  pixels?: never;
}

/** Either {@link PixelListOptions} or {@link SinglePixelOptions}. */
export type PixelOptions = PixelListOptions | SinglePixelOptions;
