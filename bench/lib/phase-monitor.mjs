// Figure 6, app side, shared by the twinfire app and the bare comparison: the process's RSS sampled every
// 20 ms, event loop delay and CPU time, per phase; the backlog events; the live heap after a full GC.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FBP, USER_AGENT } from './payload.mjs';

const SAMPLE_MS = 20;
/** The histogram's values include its 10 ms sampling interval. */
const LOOP_RESOLUTION_MS = 10;

/** A small backlog event: about 380 bytes of JSON once hashed, about 1.4 KB as counted against `maxQueueBytes`. */
export function backlogEvent(i, now) {
  return {
    event_name: 'ViewContent',
    event_id: `backlog-${String(i).padStart(6, '0')}`,
    event_time: now,
    action_source: 'website',
    event_source_url: 'https://shop.example.com/products/blue-mug',
    user_data: { client_ip_address: '203.0.113.7', client_user_agent: USER_AGENT, fbp: FBP },
  };
}

/** V8's live heap: heapUsed after two full collections (the process gets `gc` for this call only). */
export function liveHeap() {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Starts sampling at once. `phase(logged)` ends a phase: its sampled RSS peak (and the process's maxRSS so far),
 * CPU seconds and event loop delay, then starts the next one.
 */
export function phaseMonitor() {
  let phasePeak = process.memoryUsage().rss;
  setInterval(() => (phasePeak = Math.max(phasePeak, process.memoryUsage().rss)), SAMPLE_MS).unref();
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();
  let phaseCpu = process.cpuUsage();
  let phaseStart = performance.now();
  return function phase(logged = {}) {
    const cpu = process.cpuUsage(phaseCpu);
    const result = {
      seconds: (performance.now() - phaseStart) / 1000,
      sampledPeakRss: Math.max(phasePeak, process.memoryUsage().rss),
      maxRss: process.resourceUsage().maxRSS * 1024,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      loopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
      loopDelayMaxMs: Math.max(0, loopDelay.max / 1e6 - LOOP_RESOLUTION_MS),
      logged: { ...logged },
    };
    phasePeak = process.memoryUsage().rss;
    loopDelay.reset();
    phaseCpu = process.cpuUsage();
    phaseStart = performance.now();
    return result;
  };
}
