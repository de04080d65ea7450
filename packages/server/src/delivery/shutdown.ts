import type { WiredEngineConfig } from './engine-config.js';

interface EngineHandles {
  flush(): Promise<void>;
  /** Stops leasing and clears the timers. */
  stop(): void;
  jobs: Set<Promise<void>>;
}

/** The steps of `DeliveryEngine.close()`, all within `closeTimeoutMs`. */
export async function shutdown(config: WiredEngineConfig, engine: EngineHandles): Promise<void> {
  // One timer for the whole close, on the engine's timers (the real ones, or a test's manual clock).
  let timer: unknown;
  const deadline = new Promise<void>((resolve) => {
    timer = config.timers.setTimeout(resolve, config.closeTimeoutMs);
  });
  if (!config.outbox.durable) await withDeadline(engine.flush(), deadline);
  engine.stop();
  await withDeadline(
    (async () => {
      while (engine.jobs.size > 0) await Promise.allSettled([...engine.jobs]);
    })(),
    deadline,
  );
  config.timers.clearTimeout(timer);
  if (engine.jobs.size > 0)
    config.logger.warn({ requests: engine.jobs.size }, 'closed before requests in flight finished; their events are delivered after their lease expires');
  const left = (await config.outbox.stats(config.now())).queued;
  if (left > 0) {
    const where = config.outbox.durable ? 'kept in the outbox for the next start' : 'LOST: the memory outbox does not survive the process';
    config.logger.warn({ queued: left }, `closed with undelivered events, ${where}`);
  }
  await config.outbox.close();
}

/** Waits for `work`, but not past `deadline` (resolves when the close timer fires). Never rejects. */
function withDeadline(work: Promise<unknown>, deadline: Promise<void>): Promise<void> {
  return Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    deadline,
  ]);
}
