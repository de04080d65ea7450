import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stampCall } from './stamp-call.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ID = '<generated>';

type Row = [why: string, call: unknown[], stamped: unknown[] | undefined, event: unknown[] | undefined];
const rows: Row[] = [
  ['track without params', ['track', 'PageView'], ['track', 'PageView', {}, { eventID: ID }], ['PageView', ID, {}, undefined]],
  ['track with params', ['track', 'Lead', { a: 1 }], ['track', 'Lead', { a: 1 }, { eventID: ID }], ['Lead', ID, { a: 1 }, undefined]],
  ['trackCustom keeps other options', ['trackCustom', 'X', null, { other: 1 }], ['trackCustom', 'X', {}, { other: 1, eventID: ID }], ['X', ID, {}, undefined]],
  ['trackSingle: 5th argument', ['trackSingle', '111', 'Lead'], ['trackSingle', '111', 'Lead', {}, { eventID: ID }], ['Lead', ID, {}, '111']],
  [
    'trackSingleCustom, numeric pixel',
    ['trackSingleCustom', 222, 'Y', { b: 2 }],
    ['trackSingleCustom', 222, 'Y', { b: 2 }, { eventID: ID }],
    ['Y', ID, { b: 2 }, '222'],
  ],
  ["caller's eventID kept", ['track', 'Purchase', { value: 1 }, { eventID: 'order-1' }], undefined, ['Purchase', 'order-1', { value: 1 }, undefined]],
  ["caller's numeric eventID 0 kept", ['track', 'Purchase', {}, { eventID: 0 }], undefined, ['Purchase', '0', {}, undefined]],
  ["trackSingle caller's eventID kept", ['trackSingle', '1', 'L', {}, { eventID: 'e' }], undefined, ['L', 'e', {}, '1']],
  ['empty eventID replaced', ['track', 'Lead', {}, { eventID: '' }], ['track', 'Lead', {}, { eventID: ID }], ['Lead', ID, {}, undefined]],
  ['init is no event', ['init', '111', { em: 'x' }], undefined, undefined],
  ['consent is no event', ['consent', 'grant'], undefined, undefined],
  ['track without a name', ['track'], undefined, undefined],
  ['track with a non-string name', ['track', 42], undefined, undefined],
  ['unknown command', ['trackEverything', 'X'], undefined, undefined],
  ['prototype key as command', ['toString', 'X'], undefined, undefined],
];

for (const [why, call, stamped, event] of rows) {
  test(`stampCall: ${why}`, () => {
    const args = [...call];
    let seen: unknown[] | undefined;
    const result = stampCall(args, (...e) => void (seen = e));
    const id = seen?.[1] as string | undefined;
    assert.equal(result, event ? stamped !== undefined : undefined);
    if (stamped) {
      assert.match(id!, UUID_V4);
      assert.deepEqual(args, JSON.parse(JSON.stringify(stamped).replace(JSON.stringify(ID), JSON.stringify(id))));
    } else assert.deepEqual(args, call, 'the call is left as it was');
    assert.deepEqual(
      seen,
      event?.map((v) => (v === ID ? id : v)),
    );
  });
}

test('stampCall: every generated id is new', () => {
  const ids = new Set(
    Array.from({ length: 1000 }, () => {
      const args: unknown[] = ['track', 'X'];
      stampCall(args, () => undefined);
      return (args[3] as { eventID: string }).eventID;
    }),
  );
  assert.equal(ids.size, 1000);
});
