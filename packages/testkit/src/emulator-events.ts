import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** One event as the emulator's `GET /_emulator/events` lists it (the fields the tests read). */
export interface EmulatorEvent {
  pixel_id: string;
  event_name: string;
  event_id?: string;
  source: 'browser' | 'server';
  status: 'kept' | 'deduplicated';
  action_source?: string;
  custom_data?: Record<string, unknown>;
  user_data?: Record<string, unknown>;
  match_keys: string[];
}

/** Every event the emulator at `emulatorUrl` has received. */
export async function emulatorEvents(emulatorUrl: string): Promise<EmulatorEvent[]> {
  const response = await fetch(`${emulatorUrl}/_emulator/events`);
  return ((await response.json()) as { events: EmulatorEvent[] }).events;
}

/**
 * Polls the emulator, calling `flush` (twinfire's queue) before each look, until `done` holds; fails with
 * what the emulator has after `timeoutMs`.
 */
export async function waitForEmulatorEvents(
  emulatorUrl: string,
  flush: () => Promise<void>,
  done: (list: EmulatorEvent[]) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<EmulatorEvent[]> {
  const deadline = Date.now() + timeoutMs;
  let list: EmulatorEvent[] = [];
  while (Date.now() < deadline) {
    await flush();
    list = await emulatorEvents(emulatorUrl);
    if (done(list)) return list;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`timed out waiting for ${what}; emulator has ${JSON.stringify(list.map((e) => [e.source, e.event_name, e.event_id, e.status]))}`);
}

/** Collects the page's uncaught errors and its console errors and warnings into `problems`. */
export function collectPageProblems(page: Page, problems: string[]): Page {
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  return page;
}
