import { parseFbCookie } from '@twinfire/core';
import Cookies from 'js-cookie';
import { fbclidOf } from './fbclid-of.js';
import { writeOnTopDomain } from './top-domain.js';

/**
 * The visitor's `_fbp` and `_fbc`, created when missing, only valid values returned.
 *
 * Read (and, if missing, written) once per batch of mirrors, when the batch is sent (the task after the
 * calls), never earlier: a page that says `fbq('consent', 'revoke')` just after our tag gets no cookie from
 * us. One `_fbp` per visitor either way: with fbevents.js not running yet (blocked, or still loading, as on
 * a first visit) we write first and the Pixel finds and keeps our value; if the Pixel wrote first (it
 * handled the call before our flush), we read its value back here. A valid value is never changed.
 */
export function fbCookies(now: number): { fbp?: string; fbc?: string } {
  // One read of document.cookie for both (js-cookie parses every cookie on each get() anyway): cookie reads
  // were most of the per-call cost.
  const jar = Cookies.get();
  let fbp: string | undefined = jar._fbp;
  // Values are built inline, not with core's buildFbp/buildFbc, to save bytes; they are checked with
  // core's parser all the same (its result tested for truth: isValidFbp/isValidFbc compare it with null).
  // `| 0` floors a number under 2^31 (bytes: no Math.floor).
  if (!parseFbCookie(fbp, 'fbp')) fbp = writeOnTopDomain('_fbp', (index) => `fb.${index}.${now}.${(Math.random() * 2147483647) | 0}`);
  let fbc: string | undefined = jar._fbc;
  const current = parseFbCookie(fbc, 'fbc');
  if (!current) fbc = undefined;
  const click = fbclidOf(location.href) || fbclidOf(document.referrer);
  const make = (index: number) => `fb.${index}.${now}.${click}`;
  // The same click keeps its first value (and so its click time); a new fbclid mints a new value; an
  // fbclid that cannot make a valid value (it holds a dot) makes none.
  if (click && current?.payload != click && parseFbCookie(make(1), 'fbc')) fbc = writeOnTopDomain('_fbc', make);
  return { fbp, fbc };
}
