// Child side: answer the runner's calls, and end by ourselves when the runner goes away or after 10 minutes.
export function serveIpc(ready, handlers = {}) {
  process.on('message', async ({ id, cmd, arg }) => {
    try {
      const handler = handlers[cmd];
      if (!handler) throw new Error(`unknown command ${cmd}`);
      process.send({ reply: id, result: await handler(arg) });
    } catch (error) {
      process.send({ reply: id, error: String(error?.stack ?? error) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  setTimeout(() => process.exit(3), 10 * 60_000).unref();
  process.send(ready);
}

/** Reports a setup failure to the runner instead of a ready message. */
export function failSetup(error) {
  process.send({ error: String(error?.message ?? error) }, () => process.exit(1));
}
