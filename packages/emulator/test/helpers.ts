// Shared by the emulator's tests: a started emulator torn down after each test, a hand-driven clock,
// a valid event to break one rule at a time, and small HTTP helpers.
import { createHash } from 'node:crypto';
import type { TestContext } from 'node:test';
import type { EmulatorOptions } from '../src/options.js';
import { startEmulator } from '../src/start-emulator.js';

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** A clock the test moves by hand. Starts at a fixed instant so runs are reproducible. */
export function manualClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(ms: number) {
      now = ms;
    },
    seconds: () => Math.floor(now / 1000),
  };
}

/** Starts an emulator on an ephemeral port, closed when the test ends. */
export async function emulatorFor(t: TestContext, options: EmulatorOptions = {}) {
  const emulator = await startEmulator({ port: 0, ...options });
  t.after(() => emulator.close());
  return emulator;
}

/** A website event that passes every rule at `nowSeconds`. */
export function validEvent(nowSeconds: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_name: 'Lead',
    event_time: nowSeconds,
    event_id: 'evt-1',
    action_source: 'website',
    event_source_url: 'https://shop.example/checkout',
    user_data: {
      em: sha256('ada@example.com'),
      client_user_agent: 'Mozilla/5.0 (test)',
      client_ip_address: '203.0.113.7',
      fbp: 'fb.1.1736942400000.1234567890',
    },
    ...overrides,
  };
}

export interface JsonResponse {
  status: number;
  body: any;
}

export async function requestJson(url: string, init: RequestInit = {}): Promise<JsonResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** POSTs a Graph API body as JSON (access token in the body unless given). */
export function postEvents(base: string, body: Record<string, unknown>, pixelId = '1234', version = 'v25.0'): Promise<JsonResponse> {
  return requestJson(`${base}/${version}/${pixelId}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ access_token: 'test-token', ...body }),
  });
}

export async function listEvents(base: string): Promise<any[]> {
  return (await requestJson(`${base}/_emulator/events`)).body.events;
}

export async function addFaults(base: string, faults: unknown): Promise<JsonResponse> {
  return requestJson(`${base}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
}

/** A Pixel hit the way the stand-in sends it. */
export async function pixelHit(base: string, params: Record<string, string>): Promise<number> {
  const response = await fetch(`${base}/tr/?${new URLSearchParams(params)}`);
  await response.arrayBuffer();
  return response.status;
}
