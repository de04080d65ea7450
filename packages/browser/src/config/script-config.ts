import type { TwinfireOptions } from './options.js';

/**
 * The script tag's config, read synchronously while the tag runs (`document.currentScript` is only set
 * then): `data-endpoint`, `data-consent`, `data-debug` over `window.twinfireConfig`. The dataset is spread
 * as is (bytes): `data-debug` arrives as the string `''`, which install() counts as on.
 */
export function readScriptConfig(): TwinfireOptions {
  return {
    ...(window as { twinfireConfig?: TwinfireOptions }).twinfireConfig,
    ...((document.currentScript as HTMLScriptElement | null)?.dataset as TwinfireOptions | undefined),
  };
}
