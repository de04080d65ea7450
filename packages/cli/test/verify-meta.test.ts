// `twinfire verify` (the built bin) against the emulator as Meta: verdicts, exit codes, and Meta's refusals
// in words, never with the token.

import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { startEmulator } from '@twinfire/emulator';
import { runCli } from './run-cli.js';

const PIXEL = '1234567890';
const TOKEN = 'EAAB-secret-token-123';
const FBP = 'fb.1.1736942400000.1234567890';
let emulator: Awaited<ReturnType<typeof startEmulator>>;

before(async () => {
  emulator = await startEmulator({ port: 0, acceptedTokens: [TOKEN] });
});
after(() => emulator.close());
beforeEach(async () => {
  await fetch(`${emulator.url}/_emulator/events`, { method: 'DELETE' });
  await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
});

const now = () => Math.floor(Date.now() / 1000);
function serverEvent(name: string, id: string, extra: Record<string, unknown> = {}) {
  return {
    event_name: name,
    event_time: now(),
    event_id: id,
    action_source: 'website',
    event_source_url: 'https://shop.example/',
    user_data: { client_user_agent: 'Mozilla/5.0', client_ip_address: '127.0.0.1', fbp: FBP },
    ...extra,
  };
}
async function send(...events: Record<string, unknown>[]) {
  const response = await fetch(`${emulator.url}/v26.0/${PIXEL}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ access_token: TOKEN, data: events }),
  });
  assert.equal(response.status, 200, await response.text());
}
async function hit(name: string, eid?: string) {
  const params = new URLSearchParams({ id: PIXEL, ev: name, fbp: FBP, ...(eid ? { eid } : {}) });
  await (await fetch(`${emulator.url}/tr/?${params}`, { headers: { 'user-agent': 'Mozilla/5.0' } })).arrayBuffer();
}
const verify = (...extra: string[]) => runCli(['verify', '--pixel', PIXEL, '--graph-url', emulator.url, ...extra], { META_ACCESS_TOKEN: TOKEN });
function assertNoToken(run: { stdout: string; stderr: string }) {
  assert.ok(!run.stdout.includes(TOKEN) && !run.stderr.includes(TOKEN), 'the token never reaches the output');
}

test('pairs sharing their event_id and a server-only event: exit 0, a row per event', async () => {
  await hit('PageView', 'pv-1');
  await hit('AddToCart', 'c-1');
  await send(serverEvent('PageView', 'pv-1'), serverEvent('AddToCart', 'c-1'), serverEvent('Subscribe', 'sub-1'));
  const run = await verify();
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /PageView\s+deduplicated\s+100% \(goal 75%\)\s+100% \/ 100%\s+100%/);
  assert.match(run.stdout, /AddToCart\s+deduplicated/);
  assert.match(run.stdout, /Subscribe\s+server only/);
  assert.match(run.stdout, /Result: verified/);
  assert.match(run.stdout, /GET http:\/\/127\.0\.0\.1:\d+\/v26\.0\/dataset_quality\?dataset_id=1234567890&fields=web\{event_name,/);
  assertNoToken(run);
});

test('ids that differ between the Pixel and the server: exit 1, naming the event and the cause', async () => {
  await hit('PageView', 'pv-1');
  await hit('Lead', 'page-made-id');
  await send(serverEvent('PageView', 'pv-1'), serverEvent('Lead', 'server-made-id'));
  const run = await verify();
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /Lead\s+broken/);
  assert.match(run.stdout, /Lead: browser and server events both carry event_ids, but none match/);
  assert.match(run.stdout, /Result: NOT deduplicated: events Lead \(exit code 1\)/);
});

test('Pixel events without an eventID (the tag after fbevents.js): exit 1, the fix is the tag order', async () => {
  await hit('PageView');
  await send(serverEvent('PageView', 'pv-1'));
  const run = await verify();
  assert.equal(run.code, 1);
  assert.match(run.stdout, /PageView: the Pixel's events carry no event_id.*baseCode: true/);
});

test('--json: the same report as data', async () => {
  await hit('PageView', 'pv-1');
  await send(serverEvent('PageView', 'pv-1'));
  const run = await verify('--json');
  assert.equal(run.code, 0);
  const report = JSON.parse(run.stdout);
  assert.equal(report.exitCode, 0);
  assert.equal(report.meta.events[0].event_name, 'PageView');
  assert.equal(report.meta.events[0].verdict, 'deduplicated');
  assertNoToken(run);
});

test("Meta's refusals, in words, exit 2, without the token", async () => {
  await hit('PageView', 'pv-1');
  await send(serverEvent('PageView', 'pv-1'));
  const fault = async (error: Record<string, unknown>) => {
    const response = await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: 'dataset_quality', error }),
    });
    assert.equal(response.status, 200);
  };
  const cases: [Record<string, unknown> | undefined, RegExp][] = [
    [{ code: 190, error_subcode: 463, message: 'Error validating access token: Session has expired' }, /access token has expired.*code 190, subcode 463/s],
    [{ code: 10, message: '(#10) Application does not have permission for this action' }, /"Use events dataset"/],
    [{ code: 100, message: '(#100) Tried accessing nonexisting field (dedupe_key_feedback) on node type (X)' }, /Graph does not know a field.*--graph-version/],
    [{ code: 4 }, /rate limiting/],
  ];
  for (const [error, message] of cases) {
    await fault(error!);
    const run = await verify();
    assert.equal(run.code, 2, `${JSON.stringify(error)}: ${run.stdout}`);
    assert.match(run.stdout, message);
    assert.match(run.stdout, /Result: not verified/);
    assertNoToken(run);
  }
  const wrongToken = await runCli(['verify', '--pixel', PIXEL, '--graph-url', emulator.url, '--token', 'not-the-token']);
  assert.equal(wrongToken.code, 2);
  assert.match(wrongToken.stdout, /access token is not valid/);
  assert.ok(!wrongToken.stdout.includes('not-the-token'));
});

test('a dataset without quality data yet, an unreachable Graph URL, bad flags: exit 2 with what to do', async () => {
  const empty = await verify();
  assert.equal(empty.code, 2);
  assert.match(empty.stdout, /no quality data for this dataset yet.*48 hours/s);
  const unreachable = await runCli(['verify', '--pixel', PIXEL, '--graph-url', 'http://127.0.0.1:1', '--timeout', '3000'], { META_ACCESS_TOKEN: TOKEN });
  assert.equal(unreachable.code, 2);
  assert.match(unreachable.stdout, /Could not reach http:\/\/127\.0\.0\.1:1/);
  const flags = await runCli(['verify', '--token', 'x']);
  assert.equal(flags.code, 2);
  assert.match(flags.stderr, /--pixel is required/);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: twinfire verify/);
});
