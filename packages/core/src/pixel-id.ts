/** A Meta Pixel (dataset) id: 1 to 20 digits. The one pattern for it in every package (the mirror parser, the server's options, the script tag). */
export const PIXEL_ID = /^[0-9]{1,20}$/;
