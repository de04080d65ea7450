import { PIXEL_ID } from '@twinfire/core';
import { TwinfireError } from '../errors.js';
import { describe, invalid } from './checks.js';
import type { TwinfireOptions } from './types.js';

/**
 * `pixels: [{ id, accessToken }]`, or `pixelId` + `accessToken` for one pixel, into a map of id -> token.
 * Error messages name the pixel and the option, never the token.
 */
export function resolvePixels(options: TwinfireOptions): Map<string, string> {
  const { pixels, pixelId, accessToken } = options;
  if (pixels !== undefined && (pixelId !== undefined || accessToken !== undefined)) {
    invalid('pixels', 'use either `pixels: [{ id, accessToken }]` or `pixelId` + `accessToken`, not both.');
  }
  let list: { id: unknown; accessToken: unknown; field: string }[];
  if (pixels !== undefined) {
    if (!Array.isArray(pixels) || pixels.length === 0) {
      invalid('pixels', '`pixels` must be a non-empty array such as [{ id: "1234567890", accessToken: process.env.META_ACCESS_TOKEN }].');
    }
    list = pixels.map((pixel, i) => {
      if (typeof pixel !== 'object' || pixel === null) invalid(`pixels[${i}]`, `pixels[${i}] must be an object { id, accessToken }.`);
      for (const key of Object.keys(pixel)) {
        if (key !== 'id' && key !== 'accessToken') {
          throw new TwinfireError(
            'ERR_TWINFIRE_UNKNOWN_OPTION',
            `pixels[${i}].${key}`,
            `unknown key \`${key}\` in pixels[${i}]; a pixel is { id, accessToken }.`,
          );
        }
      }
      return { id: pixel.id, accessToken: pixel.accessToken, field: `pixels[${i}]` };
    });
  } else if (pixelId !== undefined || accessToken !== undefined) {
    list = [{ id: pixelId, accessToken, field: 'pixelId' }];
  } else {
    invalid('pixels', 'no pixel configured: pass `pixels: [{ id: "<pixel id>", accessToken: process.env.META_ACCESS_TOKEN }]`.');
  }
  const tokens = new Map<string, string>();
  for (const { id, accessToken: token, field } of list) {
    if (typeof id !== 'string' || !PIXEL_ID.test(id)) {
      invalid(
        field === 'pixelId' ? 'pixelId' : `${field}.id`,
        `a pixel id must be a string of digits, as shown in Events Manager (e.g. "1234567890"), got ${describe(id)}.`,
      );
    }
    if (tokens.has(id)) invalid(`${field}.id`, `pixel ${id} is configured twice.`);
    if (typeof token !== 'string' || token.trim() === '') {
      throw new TwinfireError(
        'ERR_TWINFIRE_MISSING_ACCESS_TOKEN',
        field === 'pixelId' ? 'accessToken' : `${field}.accessToken`,
        `pixel ${id} has no access token. Create one in Events Manager > Settings > Conversions API, keep it in an ` +
          'environment variable (e.g. META_ACCESS_TOKEN) and pass it as `accessToken`.',
      );
    }
    tokens.set(id, token.trim());
  }
  return tokens;
}
