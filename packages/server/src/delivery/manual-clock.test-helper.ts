import type { ServerEvent } from '@twinfire/core';
import type { Timers, Transport, TransportResponse } from './engine-config.js';

// Test helpers for the delivery engine (not a test file: the runner picks up `*.test.ts` only). A manual
// clock whose timers fire only when the test advances it, and a fake Graph API on that clock: the engine's
// timing is asserted in virtual milliseconds, without real waiting.

interface PendingTimer {
  at: number;
  seq: number;
  fire: () => void;
}

/** Virtual time, ms. `now` and `timers` go into the engine's config. */
export class ManualClock {
  private time: number;
  private seq = 0;
  private readonly pending = new Map<number, PendingTimer>();

  constructor(start = 0) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  readonly timers: Timers = {
    setTimeout: (callback, ms) => {
      const id = ++this.seq;
      this.pending.set(id, { at: this.time + Math.max(0, ms), seq: id, fire: callback });
      return id;
    },
    clearTimeout: (handle) => {
      this.pending.delete(handle as number);
    },
  };

  /** Timers set and not yet fired or cleared. */
  get timerCount(): number {
    return this.pending.size;
  }

  /** When the next timer fires, or `undefined`. */
  nextTimerAt(): number | undefined {
    return this.earliest()?.at;
  }

  /** Lets every promise chain started so far run to its end (or to a timer); no virtual time passes. */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order, settling after each. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.time + ms);
  }

  async advanceTo(target: number): Promise<void> {
    await this.settle();
    for (let fired = 0; ; fired++) {
      if (fired > 100_000) throw new Error('ManualClock: more than 100 000 timers fired in one advance (a timer loop?)');
      const next = this.earliest();
      if (!next || next.at > target) break;
      this.pending.delete(next.seq);
      this.time = Math.max(this.time, next.at);
      next.fire();
      await this.settle();
    }
    this.time = Math.max(this.time, target);
    await this.settle();
  }

  private earliest(): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const timer of this.pending.values()) if (!best || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    return best;
  }
}

/** One request the fake Graph API received. */
export interface SentRequest {
  /** Virtual time it was made, ms. */
  at: number;
  url: string;
  headers: Record<string, string>;
  /** The request body as sent, and its length. */
  body: string;
  bytes: number;
  data: ServerEvent[];
  accessToken: string;
  testEventCode: string | undefined;
  /** `event_id`s of `data`, in order. */
  ids: string[];
  signal: AbortSignal;
}

/**
 * What the fake answers: a status and a JSON body (after `delayMs` on the clock, default 0 — still a timer,
 * so a request stays in flight until the test advances the clock); `hang` never answers (only the request
 * timeout ends it, through the abort signal); `drop` fails like a reset connection.
 */
export type Reply = { status: number; body: unknown; delayMs?: number } | { hang: true } | { drop: true; delayMs?: number };

/** `200 { events_received, messages, fbtrace_id }` for the request's events. */
export function ok(request: SentRequest): Reply {
  return { status: 200, body: { events_received: request.data.length, messages: [], fbtrace_id: 'AtraceOK' } };
}

/** Meta's error answer (the emulator's shape: message, type, code, error_subcode, is_transient, fbtrace_id). */
export function graphError(code: number, options: { status?: number; subcode?: number; message?: string; userMsg?: string } = {}): Reply {
  const error: Record<string, unknown> = { message: options.message ?? `(#${code}) Error`, type: 'OAuthException', code };
  if (options.subcode !== undefined) error.error_subcode = options.subcode;
  error.is_transient = [1, 2, 4, 17, 32, 341, 613].includes(code);
  if (options.userMsg !== undefined) error.error_user_msg = options.userMsg;
  error.fbtrace_id = `Atrace${code}`;
  return { status: options.status ?? (code === 1 || code === 2 ? 500 : code === 190 ? 401 : 400), body: { error } };
}

/** A Graph API on a {@link ManualClock}: records every request and answers with `reply` (default {@link ok}). */
export class FakeGraph {
  readonly requests: SentRequest[] = [];
  /** Answers, first come first used; when empty, `reply` answers. */
  private readonly script: Reply[] = [];

  constructor(
    private readonly clock: ManualClock,
    public reply: (request: SentRequest) => Reply = ok,
  ) {}

  /** Queues answers for the next requests, in order. */
  answer(...replies: Reply[]): this {
    this.script.push(...replies);
    return this;
  }

  /** Virtual times of the requests, relative to `start`. */
  times(start = 0): number[] {
    return this.requests.map((r) => r.at - start);
  }

  /** `event_id`s of each request. */
  batches(): string[][] {
    return this.requests.map((r) => r.ids);
  }

  readonly transport: Transport = (url, init) => {
    const parsed = JSON.parse(init.body) as { data: ServerEvent[]; access_token: string; test_event_code?: string };
    const request: SentRequest = {
      at: this.clock.now(),
      url,
      headers: init.headers,
      body: init.body,
      bytes: init.body.length,
      data: parsed.data,
      accessToken: parsed.access_token,
      testEventCode: parsed.test_event_code,
      ids: parsed.data.map((e) => String(e.event_id)),
      signal: init.signal,
    };
    this.requests.push(request);
    const reply = this.script.shift() ?? this.reply(request);
    return new Promise<TransportResponse>((resolve, reject) => {
      const abort = () => reject(init.signal.reason ?? Object.assign(new Error('aborted'), { name: 'AbortError' }));
      if (init.signal.aborted) return abort();
      init.signal.addEventListener('abort', abort, { once: true });
      if ('hang' in reply) return;
      this.clock.timers.setTimeout(() => {
        init.signal.removeEventListener('abort', abort);
        if ('drop' in reply) {
          reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET', message: 'socket hang up' } }));
          return;
        }
        const text = JSON.stringify(reply.body);
        resolve({ status: reply.status, text: async () => text });
      }, reply.delayMs ?? 0);
    });
  };
}
