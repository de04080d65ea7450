import type { PageTags } from './read-page.js';
import type { Finding, SiteReport } from './types.js';

const ORDER_FIX = "Use one tag with baseCode: true (and remove the page's base code), or put the twinfire tag right before Meta's base code.";

/**
 * `tag.sync`, `tag.order` and `tag.base-code`, once the script is known: `scriptHasBaseCode` is true in
 * one-tag mode, undefined when the script could not be read.
 */
export function judgeTags(tags: PageTags, scriptHasBaseCode: boolean | undefined): { findings: Finding[]; mode?: SiteReport['mode'] } {
  const tag = tags.twinfire!;
  const findings: Finding[] = [];
  const isAsync = tag.attributes.has('async');
  const isDefer = tag.attributes.has('defer');
  const isModule = (tag.attributes.get('type') ?? '').trim().toLowerCase() === 'module';
  if (isAsync || isDefer || isModule) {
    const how = isAsync ? 'async' : isDefer ? 'defer' : 'type="module" (deferred)';
    findings.push({
      status: 'fail',
      check: 'tag.sync',
      message: `The twinfire tag is ${how}: it may run after fbevents.js, which then sends the first PageView without an eventID, so that event has no server twin.`,
      fix: `Remove ${isModule ? 'type="module"' : how} from <script src="${tag.src}">: a plain, synchronous tag.`,
    });
  } else {
    findings.push({ status: 'pass', check: 'tag.sync', message: 'The twinfire tag is plain and synchronous (no async, no defer).' });
  }

  const base = tags.baseCode;
  let mode: SiteReport['mode'];
  if (base && base.index < tag.index) {
    findings.push({
      status: 'fail',
      check: 'tag.order',
      message:
        "The twinfire tag comes after Meta's base code: fbevents.js may run before twinfire's script (it is async), and then sends the first PageView without an eventID, so that event has no server twin.",
      fix: ORDER_FIX,
    });
  } else if (base) {
    mode = 'before-base-code';
    findings.push({ status: 'pass', check: 'tag.order', message: "The twinfire tag comes before Meta's base code." });
  } else if (scriptHasBaseCode) {
    mode = 'one-tag';
    findings.push({ status: 'pass', check: 'tag.order', message: "One-tag mode: /twinfire.js installs twinfire, then Meta's base code." });
  } else if (scriptHasBaseCode === false) {
    findings.push({
      status: 'warn',
      check: 'tag.order',
      message: 'No Meta base code: neither in the page nor in the served script, so there is no Pixel (fbevents.js is never loaded).',
      fix: "Use baseCode: true in twinfire's options (one tag), or add Meta's base code right after the twinfire tag.",
    });
  } else {
    findings.push({
      status: 'info',
      check: 'tag.order',
      message: 'The page has no Meta base code of its own, and the script could not be read to see whether it brings it (one-tag mode).',
    });
  }
  if (scriptHasBaseCode && base) {
    findings.push({
      status: 'warn',
      check: 'tag.base-code',
      message:
        "Meta's base code twice: the script serves it (baseCode: true) and the page has its own. The page's copy wins or is skipped depending on order; init and PageView come from one of them only.",
      fix: "Remove Meta's base code from the page (keep the one tag), or set baseCode: false.",
    });
  }
  if (tags.twinfireCount > 1) {
    findings.push({
      status: 'warn',
      check: 'tag.base-code',
      message: `The page has ${tags.twinfireCount} twinfire tags; only the first installs, the others are downloaded for nothing.`,
      fix: 'Keep one twinfire tag.',
    });
  }
  const result: { findings: Finding[]; mode?: SiteReport['mode'] } = { findings };
  if (mode) result.mode = mode;
  return result;
}
