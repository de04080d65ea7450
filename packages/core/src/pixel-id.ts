/**
 * A Meta Pixel (dataset) id: 1 to 20 digits. The one pattern for it in every package (the mirror parser,
 * the server's options, the script tag); the `_fbp` random part is also 1 to 20 digits and uses it, so the
 * script tag ships it once.
 */
export const PIXEL_ID = /^[0-9]{1,20}$/;
