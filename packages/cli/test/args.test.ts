import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from '../src/args.js';
import { CliError } from '../src/errors.js';

test('verify flags, both spellings, with defaults; the token may come from META_ACCESS_TOKEN', () => {
  const parsed = parseArgs(['verify', '--pixel', '123', '--token=abc', '--site', 'http://127.0.0.1:3000/', '--json', '--no-browser'], {});
  assert.deepEqual(parsed, {
    command: 'verify',
    options: {
      pixel: '123',
      token: 'abc',
      site: 'http://127.0.0.1:3000/',
      graphUrl: 'https://graph.facebook.com',
      graphVersion: 'v26.0',
      json: true,
      browser: false,
      timeoutMs: 15000,
    },
  });
  const fromEnv = parseArgs(['verify', '--pixel', '123', '--graph-url', 'http://127.0.0.1:4010/'], { META_ACCESS_TOKEN: 'env-token' });
  assert.equal(fromEnv.command === 'verify' && fromEnv.options.token, 'env-token');
  assert.equal(fromEnv.command === 'verify' && fromEnv.options.graphUrl, 'http://127.0.0.1:4010');
  assert.deepEqual(parseArgs([], {}), { command: 'help' });
  assert.deepEqual(parseArgs(['verify', '--help'], {}), { command: 'help' });
});

test('mistakes are typed errors that say what to type', () => {
  const cases: [string[], RegExp][] = [
    [['check'], /unknown command "check"/],
    [['verify', '--token', 't'], /--pixel is required/],
    [['verify', '--pixel', 'abc', '--token', 't'], /--pixel must be the numeric pixel id/],
    [['verify', '--pixel', 'EAABsecret-token-value', '--token', 't'], /--pixel must be the numeric pixel id, got "EAAB…" \(22 characters\)/],
    [['verify', '--pixel', '--token', 'EAABsecret-token-value'], /unexpected value "EAAB…" \(22 characters\) where a flag was expected/],
    [['verify', '--pixel', '1', '--tokn=EAABsecret-token-value'], /unknown flag "--tokn"/],
    [['verify', '--pixel', '1'], /access token is required.*META_ACCESS_TOKEN/],
    [['verify', '--pixel', '1', '--token', 't', '--site', 'ftp://x'], /--site needs an http\(s\) URL/],
    [['verify', '--pixel', '1', '--token', 't', '--graph-version', '26'], /--graph-version must look like v26\.0/],
    [['verify', '--pixel', '1', '--token', 't', '--timeout', '0'], /--timeout needs a whole number/],
    [['verify', '--pixel', '1', '--token', 't', '--bogus'], /unknown flag "--bogus"/],
    [['verify', '--pixel'], /--pixel needs a value/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(
      () => parseArgs(argv, {}),
      (error: unknown) =>
        error instanceof CliError && error.code === 'ERR_TWINFIRE_CLI_ARGUMENT' && message.test(error.message) && /Usage: twinfire verify/.test(error.message),
      argv.join(' '),
    );
  }
});
