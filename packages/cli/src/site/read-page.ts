/**
 * A small scanner over the `<script ...>` start tags of an HTML page, in document order. Not an HTML parser:
 * it skips comments, reads each start tag's attributes (quoted with `"` or `'`, unquoted, or bare), and reads
 * a script's inline text up to its `</script`. That is all the tag checks need, with no dependency.
 */

export interface ScriptTag {
  /** Position in the page, in document order (0 = first `<script>`). */
  index: number;
  /** Attribute names lower-cased; a bare attribute (`async`) has the value `''`. */
  attributes: Map<string, string>;
  /** The `src` attribute, trimmed; undefined for an inline script. */
  src?: string;
  /** The inline text (empty for a script with `src`). */
  text: string;
}

const NAME_CHAR = /[^\s"'>/=]/;

/** Every `<script>` of `html`, in document order; scripts inside comments are not counted. */
export function scanScripts(html: string): ScriptTag[] {
  const tags: ScriptTag[] = [];
  const lower = html.toLowerCase();
  let at = 0;
  while (at < html.length) {
    const open = lower.indexOf('<', at);
    if (open < 0) break;
    if (lower.startsWith('<!--', open)) {
      const end = lower.indexOf('-->', open + 4);
      at = end < 0 ? html.length : end + 3;
      continue;
    }
    if (!lower.startsWith('<script', open) || NAME_CHAR.test(lower[open + 7] ?? '')) {
      at = open + 1;
      continue;
    }
    const { attributes, end } = readAttributes(html, open + 7);
    const close = lower.indexOf('</script', end);
    const textEnd = close < 0 ? html.length : close;
    const tag: ScriptTag = { index: tags.length, attributes, text: html.slice(end, textEnd) };
    const src = attributes.get('src');
    if (src !== undefined) tag.src = decodeEntities(src.trim());
    tags.push(tag);
    if (close < 0) break;
    const after = lower.indexOf('>', close);
    at = after < 0 ? html.length : after + 1;
  }
  return tags;
}

/** Reads attributes from `from` (just after the tag name) to the `>` that ends the start tag. */
function readAttributes(html: string, from: number): { attributes: Map<string, string>; end: number } {
  const attributes = new Map<string, string>();
  let i = from;
  const n = html.length;
  while (i < n) {
    const c = html[i]!;
    if (c === '>') return { attributes, end: i + 1 };
    if (/\s|\//.test(c)) {
      i++;
      continue;
    }
    let nameEnd = i;
    while (nameEnd < n && /[^\s"'>/=]/.test(html[nameEnd]!)) nameEnd++;
    if (nameEnd === i) {
      // A stray quote or `=`: skip it.
      i++;
      continue;
    }
    const name = html.slice(i, nameEnd).toLowerCase();
    i = nameEnd;
    while (i < n && /\s/.test(html[i]!)) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (i < n && /\s/.test(html[i]!)) i++;
      const q = html[i];
      if (q === '"' || q === "'") {
        const endQuote = html.indexOf(q, i + 1);
        const stop = endQuote < 0 ? n : endQuote;
        value = html.slice(i + 1, stop);
        i = stop + 1;
      } else {
        let valueEnd = i;
        while (valueEnd < n && /[^\s>]/.test(html[valueEnd]!)) valueEnd++;
        value = html.slice(i, valueEnd);
        i = valueEnd;
      }
    }
    if (!attributes.has(name)) attributes.set(name, value);
  }
  return { attributes, end: n };
}

function decodeEntities(value: string): string {
  return value
    .replace(/&amp;/gi, '&')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>');
}

/** The path of a script URL ends with `twinfire.js` or `twinfire.min.js` (any directory, any query). */
export function isTwinfireSrc(src: string): boolean {
  const path = src.split(/[?#]/)[0] ?? '';
  return /(^|\/)twinfire(\.min)?\.js$/i.test(path);
}

/** Meta's base code: an inline script that loads `fbevents.js`, or a script whose src is fbevents.js. */
export function isBaseCode(tag: ScriptTag): boolean {
  if (tag.src !== undefined) return /(^|\/)fbevents\.js$/i.test(tag.src.split(/[?#]/)[0] ?? '');
  return /fbevents\.js/i.test(tag.text);
}

export interface PageTags {
  /** The first twinfire tag. */
  twinfire?: ScriptTag;
  /** How many twinfire tags the page has. */
  twinfireCount: number;
  /** The first script of the page that is (or loads) Meta's base code. */
  baseCode?: ScriptTag;
  /** `endpoint` of a `window.twinfireConfig = {...}` set by an inline script before the tag. */
  configEndpoint?: string;
}

export function findTags(html: string): PageTags {
  const scripts = scanScripts(html);
  const twinfires = scripts.filter((s) => s.src !== undefined && isTwinfireSrc(s.src));
  const result: PageTags = { twinfireCount: twinfires.length };
  if (twinfires[0]) result.twinfire = twinfires[0];
  const base = scripts.find(isBaseCode);
  if (base) result.baseCode = base;
  const first = twinfires[0];
  if (first) {
    for (const script of scripts.slice(0, first.index)) {
      const match = /twinfireConfig\s*=\s*\{[^}]*?\bendpoint\s*:\s*(["'])([^"'\\]*)\1/.exec(script.text);
      if (match) result.configEndpoint = match[2]!;
    }
  }
  return result;
}
