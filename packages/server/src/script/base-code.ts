import { jsString } from './js-string.js';

/**
 * One-tag mode (`baseCode: true`): Meta's Pixel base code, served right after the browser script in the
 * same file. The wrapper has installed its `window.fbq` trap by then, so this is the "tag before the base
 * code" order, the one without a race: no page can put the two in the wrong order or load them `async`
 * apart, and the first PageView is always stamped.
 *
 * The stub is Meta's snippet as published, with four changes:
 * - the calls go through `f.fbq`, the wrapped stub, not `n` (the raw stub would bypass the wrapper);
 * - `data-consent="required"` on the tag (or `consent: 'required'` in `window.twinfireConfig`) revokes
 *   Pixel consent before `init`, as Meta asks, so one attribute holds back both the Pixel and the mirrors;
 * - `init` takes its advanced matching from `window.twinfireConfig.advancedMatching`: the script is cached
 *   and the same for every visitor, so a logged-in customer's data can only come from the page;
 * - `if(f.fbq)return;` also skips init and PageView: a page that still has its own base code (or a
 *   second tag) already made them, and doing it twice would count the page view twice.
 * Only pixel ids are served here, never tokens: the ids are public (they are in every Pixel hit).
 */
export function baseCodeAppendix(pixelIds: Iterable<string>, fbeventsUrl: string): string {
  const inits = [...pixelIds].map((id) => `f.fbq('init',${jsString(id)},c.advancedMatching);`).join('');
  return (
    ';/* twinfire one-tag mode: Meta Pixel base code */\n' +
    '!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?' +
    'n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;' +
    "n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;" +
    't.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s);' +
    // The tag's dataset over window.twinfireConfig, the same precedence as the script's own config.
    "var c={};try{c={...f.twinfireConfig,...b.currentScript?.dataset}}catch(x){}c.consent=='required'&&f.fbq('consent','revoke');" +
    `${inits}f.fbq('track','PageView')}(window,document,'script',${jsString(fbeventsUrl)});\n`
  );
}
