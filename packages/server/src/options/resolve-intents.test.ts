import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TwinfireError } from '../errors.js';
import { resolveIntents } from './resolve-intents.js';
import { resolveOptions } from './resolve-options.js';

const INVALID: [string, unknown, string][] = [
  ['a list instead of the object', ['Purchase'], 'intents'],
  ['a string', 'Purchase', 'intents'],
  ['no events', {}, 'intents.events'],
  ['events as a string', { events: 'Purchase' }, 'intents.events'],
  ['an empty event name', { events: ['Purchase', ' '] }, 'intents.events'],
  ['a name over 50 characters', { events: ['x'.repeat(51)] }, 'intents.events'],
  ['an unknown unsigned mode', { events: ['Purchase'], unsigned: 'drop' }, 'intents.unsigned'],
  ['a misspelt key', { event: ['Purchase'] }, 'intents.event'],
];

test('intents: each mistake is ERR_TWINFIRE_INVALID_OPTION naming the field', () => {
  for (const [what, value, field] of INVALID) {
    assert.throws(
      () => resolveIntents(value as never),
      (error: unknown) => error instanceof TwinfireError && error.code === 'ERR_TWINFIRE_INVALID_OPTION' && error.field === field,
      what,
    );
  }
});

test('intents: off by default and with no events; refuse unless told to strip', () => {
  assert.equal(resolveIntents(undefined), undefined);
  assert.equal(resolveIntents({ events: [] }), undefined);
  assert.deepEqual(resolveIntents({ events: ['Purchase', 'Subscribe'] }), { events: new Set(['Purchase', 'Subscribe']), unsigned: 'refuse' });
  assert.equal(resolveIntents({ events: ['Subscribe'], unsigned: 'strip' })?.unsigned, 'strip');
  const pixels = [{ id: '123', accessToken: 'EAAsecret-intents-token-0000' }];
  assert.equal(resolveOptions({ pixels }).intents, undefined);
  assert.deepEqual(resolveOptions({ pixels, intents: { events: ['Purchase'] } }).intents?.events, new Set(['Purchase']));
  assert.throws(() => resolveOptions({ pixels, intent: { events: ['Purchase'] } }), /did you mean `intents`\?/);
});
