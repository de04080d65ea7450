import type { Counters } from './delivery/counters.js';
import type { DeliveryEngine } from './delivery/engine.js';
import type { ResolvedConfig } from './options/resolved-config.js';

/** What one `twinfire(options)` instance shares between its endpoint, `send()` and `stats()`. */
export interface Runtime {
  config: ResolvedConfig;
  engine: DeliveryEngine;
  counters: Counters;
  /** When the last "queue full" warning was logged (at most one a minute). */
  queueFullLoggedAt: number;
}
