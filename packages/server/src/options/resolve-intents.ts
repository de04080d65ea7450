import { describe, invalid } from './checks.js';
import type { IntentsOption } from './types.js';

/** The `intents` option, checked: `undefined` when no event requires an intent (the default). */
export interface ResolvedIntents {
  events: ReadonlySet<string>;
  unsigned: 'refuse' | 'strip';
}

const KEYS = ['events', 'unsigned'];

/** `intents`: absent (off), or `{ events: ['Purchase', ...], unsigned?: 'refuse' | 'strip' }`. */
export function resolveIntents(value: IntentsOption | undefined): ResolvedIntents | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalid('intents', `\`intents\` must be { events: ['Purchase', ...], unsigned?: 'refuse' | 'strip' }, got ${describe(value)}.`);
  }
  const unknown = Object.keys(value).find((key) => !KEYS.includes(key));
  if (unknown) invalid(`intents.${unknown}`, `unknown option \`intents.${unknown}\`. Known: ${KEYS.join(', ')}.`);
  const { events, unsigned = 'refuse' } = value;
  if (!Array.isArray(events) || !events.every((name) => typeof name === 'string' && name.trim() !== '' && name.length <= 50)) {
    invalid('intents.events', "`intents.events` must be an array of event names, such as ['Purchase', 'Subscribe'].");
  }
  if (unsigned !== 'refuse' && unsigned !== 'strip')
    invalid('intents.unsigned', `\`intents.unsigned\` must be 'refuse' or 'strip', got ${describe(unsigned)}.`);
  return events.length === 0 ? undefined : { events: new Set(events), unsigned };
}
