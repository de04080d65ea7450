import type { EngineConfig } from './engine-config.js';
import type { PauseKind, PixelLane } from './pixel-lane.js';

export interface PixelState {
  /** `false`, or why sending to this pixel is on hold. */
  paused: false | PauseKind;
  /** When a paused pixel is probed again (ISO time). */
  pausedUntil?: string;
  /** Meta's error code behind the pause. */
  pauseCode?: number;
  inFlight: number;
}

/** The state of every configured pixel, for `stats()`. */
export function pixelStates(config: EngineConfig, lanes: ReadonlyMap<string, PixelLane>): Record<string, PixelState> {
  const now = config.now();
  const out: Record<string, PixelState> = {};
  for (const pixelId of config.tokens.keys()) {
    const lane = lanes.get(pixelId);
    const pause = lane?.isPaused(now) ? lane.pause! : undefined;
    out[pixelId] = pause
      ? { paused: pause.kind, pausedUntil: new Date(pause.until).toISOString(), pauseCode: pause.code, inFlight: lane!.inFlight }
      : { paused: false, inFlight: lane?.inFlight ?? 0 };
  }
  return out;
}
