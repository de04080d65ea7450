import type { EngineConfig } from './engine-config.js';

interface EngineHandles {
  flush(): Promise<void>;
  /** Stops leasing and clears the timers. */
  stop(): void;
  jobs: Set<Promise<void>>;
}

/** The steps of `DeliveryEngine.close()`, all within `closeTimeoutMs`. */
export async function shutdown(config: EngineConfig, engine: EngineHandles): Promise<void> {
  const deadline = Date.now() + config.closeTimeoutMs;
  if (!config.outbox.durable) await withDeadline(engine.flush(), deadline);
  engine.stop();
  await withDeadline(
    (async () => {
      while (engine.jobs.size > 0) await Promise.allSettled([...engine.jobs]);
    })(),
    deadline,
  );
  if (engine.jobs.size > 0) config.logger.warn({ requests: engine.jobs.size }, 'closed before requests in flight finished; their events are delivered after their lease expires');
  const left = config.outbox.stats(config.now()).queued;
  if (left > 0) {
    const where = config.outbox.durable ? 'kept in the outbox for the next start' : 'LOST: the memory outbox does not survive the process';
    config.logger.warn({ queued: left }, `closed with undelivered events, ${where}`);
  }
  await config.outbox.close();
}

/** Waits for `work`, but not past `deadline` (ms since the epoch, real time). Never rejects. */
function withDeadline(work: Promise<unknown>, deadline: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work.then(() => undefined, () => undefined), timeout]).finally(() => clearTimeout(timer));
}
