import assert from 'node:assert/strict';
import { test } from 'node:test';
import { twinfire } from '@twinfire/express';

const base = { pixelId: '1', accessToken: 'EAAx', logger: { info() {}, warn() {}, error() {} } };

test('baseCode and fbeventsUrl: bad values are refused with the field and how to fix it', () => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ baseCode: 'yes' }, 'baseCode', /true or false/],
    [{ baseCode: true, fbeventsUrl: 'http://connect.facebook.net/en_US/fbevents.js' }, 'fbeventsUrl', /https URL/],
    [{ baseCode: true, fbeventsUrl: 'not a url' }, 'fbeventsUrl', /https URL/],
    [{ baseCode: true, fbeventsUrl: 42 }, 'fbeventsUrl', /https URL/],
    [{ fbeventsUrl: 'https://connect.facebook.net/en_US/fbevents.js' }, 'fbeventsUrl', /only used with `baseCode: true`/],
    [{ baseCode: true, scriptPath: false }, 'baseCode', /remove `scriptPath: false`/],
    [{ basecode: true }, 'basecode', /did you mean `baseCode`/],
  ];
  for (const [options, field, message] of cases) {
    assert.throws(
      () => twinfire({ ...base, ...options } as any),
      (error: any) => {
        assert.equal(error.field, field, JSON.stringify(options));
        assert.match(error.message, message);
        return true;
      },
    );
  }
});

test('baseCode: accepted with the default URL, an https URL, or http on loopback (the emulator)', async () => {
  for (const extra of [
    { baseCode: true },
    { baseCode: true, fbeventsUrl: 'https://cdn.example.com/fbevents.js' },
    { baseCode: true, fbeventsUrl: 'http://127.0.0.1:4010/fbevents.js' },
    { baseCode: false },
  ]) {
    await twinfire({ ...base, ...extra } as any).close();
  }
});
