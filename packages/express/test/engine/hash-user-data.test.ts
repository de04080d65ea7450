import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { hashUserData, hashValue } from '@twinfire/express';
import { ParamBuilder } from 'capi-param-builder-nodejs';

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const HASHED_VALUE = /^[0-9a-f]{64}\.[A-Za-z0-9_-]{8}$/;

/** [key, input, the normalized value Meta's rules give] — the expected hash is recomputed with node:crypto. */
const TABLE: [Parameters<typeof hashValue>[0], string, string][] = [
  ['em', ' John.Doe@Example.COM ', 'john.doe@example.com'],
  ['em', 'JANE+shop@MAIL.Example.org', 'jane+shop@mail.example.org'],
  ['ph', '+1 (650) 555-1212', '16505551212'],
  ['ph', '0049 30 1234-567', '49301234567'],
  ['ph', '44.20.7946.0958', '442079460958'],
  ['fn', '  Mary-Jane ', 'maryjane'],
  ['fn', 'Ñandú', 'ñandú'],
  ['ln', "O'Brien", 'obrien'],
  ['ln', 'Müller', 'müller'],
  ['ge', 'Female', 'f'],
  ['ge', 'M', 'm'],
  ['db', '1990-02-15', '19900215'],
  ['db', '15/02/1990', '19900215'],
  ['db', '19900215', '19900215'],
  ['ct', 'San Francisco', 'sanfrancisco'],
  ['ct', 'New York City!', 'newyorkcity'],
  ['st', 'California', 'ca'],
  ['st', ' TX ', 'tx'],
  ['zp', '94105-1234', '94105'],
  ['zp', '10115', '10115'],
  ['country', 'United States', 'us'],
  ['country', 'DE', 'de'],
  ['external_id', ' User-42 ', 'user-42'],
  ['external_id', 'ABC 123', 'abc123'],
];

test('plain values are normalized per Meta and SHA-256 hashed, with the Parameter Builder appendix', () => {
  for (const [key, input, normalized] of TABLE) {
    const out = hashValue(key, input);
    assert.match(out ?? '', HASHED_VALUE, `${key} ${input}`);
    assert.equal(out!.split('.')[0], sha(normalized), `${key} ${JSON.stringify(input)} should hash ${JSON.stringify(normalized)}`);
  }
});

test("the output is exactly what Meta's own Parameter Builder produces (by construction)", () => {
  const builder = new ParamBuilder();
  const types: Record<string, string> = {
    em: 'email',
    ph: 'phone',
    fn: 'first_name',
    ln: 'last_name',
    ge: 'gender',
    db: 'date_of_birth',
    ct: 'city',
    st: 'state',
    zp: 'zip_code',
    country: 'country',
    external_id: 'external_id',
  };
  for (const [key, input] of TABLE) assert.equal(hashValue(key, input), builder.getNormalizedAndHashedPII(input, types[key]!));
});

test('already hashed values pass through unchanged, appendix included; hex is lower-cased', () => {
  const h = sha('john.doe@example.com');
  assert.equal(hashValue('em', h), h);
  assert.equal(hashValue('em', ` ${h} `), h);
  assert.equal(hashValue('em', h.toUpperCase()), h);
  assert.equal(hashValue('em', `${h}.AQQCAQMC`), `${h}.AQQCAQMC`);
  assert.equal(hashValue('ph', `${h}.BA`), `${h}.BA`);
});

test('values that normalize to nothing are left out', () => {
  assert.equal(hashValue('em', 'not an email'), undefined);
  assert.equal(hashValue('ge', 'unknown'), undefined);
  assert.equal(hashValue('em', '   '), undefined);
  assert.equal(hashValue('db', 'yesterday'), undefined);
});

test('hashUserData hashes the customer keys, copies the others untouched, dedupes arrays', () => {
  const out = hashUserData({
    em: ['a@example.com', ' A@example.com', 'bad'],
    ph: '+1 650 555 1212',
    client_ip_address: '203.0.113.7',
    client_user_agent: 'UA',
    fbp: 'fb.1.1732000000000.123',
    fbc: 'fb.1.1732000000000.IwAR',
  });
  assert.equal(out.em, hashValue('em', 'a@example.com'), 'two spellings of one address become one hash, sent as a string');
  assert.equal((out.ph as string).split('.')[0], sha('16505551212'));
  assert.equal(out.client_ip_address, '203.0.113.7');
  assert.equal(out.client_user_agent, 'UA');
  assert.equal(out.fbp, 'fb.1.1732000000000.123');
  assert.equal(out.fbc, 'fb.1.1732000000000.IwAR');
  const many = hashUserData({ external_id: ['1', '2', '3'] });
  assert.equal((many.external_id as string[]).length, 3);
});

// Issue 12: a UUID without dashes (32 hex characters) is a common shop customer id. Meta's Parameter Builder,
// like the Pixel itself, takes 32 hex characters for an MD5 and passes them on lower-cased, not re-hashed.
const UUID_HEX = '3F2504E04F8941D39A0C0305E82C3301';

test('a 32-hex external_id is passed on exactly as the Parameter Builder does: lower-cased, "no change" appendix', () => {
  const expected = new ParamBuilder().getNormalizedAndHashedPII(UUID_HEX, 'external_id');
  assert.match(expected ?? '', new RegExp(`^${UUID_HEX.toLowerCase()}\\.[A-Za-z0-9_-]{8}$`), 'the reference itself: not re-hashed');
  assert.equal(hashValue('external_id', UUID_HEX), expected);
  assert.equal(hashValue('external_id', ` ${UUID_HEX.toLowerCase()} `), expected);
  assert.equal(hashValue('external_id', expected!), expected, 'its own output passes through unchanged');
  assert.equal(hashUserData({ external_id: [UUID_HEX, 'crm-7'] }).external_id![0], expected);
});

test('other lengths of hex are ids like any other: normalized and SHA-256 hashed', () => {
  for (const id of ['3f2504e04f8941d39a0c0305e82c330', '3f2504e04f8941d39a0c0305e82c33011', '3f2504e0-4f89-41d3-9a0c-0305e82c3301']) {
    assert.equal(hashValue('external_id', id)!.split('.')[0], sha(id), id);
  }
});

test('for the keys Meta wants SHA-256 (em ph fn ... country) a 32-hex value is still left out: Meta refuses it', () => {
  for (const key of ['em', 'ph', 'fn', 'ln', 'ct', 'zp'] as const) assert.equal(hashValue(key, UUID_HEX), undefined, key);
});
