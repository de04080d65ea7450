import { fileURLToPath } from 'node:url';

/**
 * Demo settings from the environment. Without META_ACCESS_TOKEN everything points at the local emulator;
 * with it, events go to Meta (use META_TEST_EVENT_CODE and watch Events Manager > Test events).
 */
export function readConfig(env = process.env) {
  const emulatorPort = Number(env.EMULATOR_PORT ?? 4010);
  const emulatorUrl = env.EMULATOR_URL ?? `http://127.0.0.1:${emulatorPort}`;
  const realMode = Boolean(env.META_ACCESS_TOKEN);
  return {
    realMode,
    port: Number(env.PORT ?? 3000),
    emulatorPort,
    // The local Events Manager link is shown only when the emulator is the target.
    emulatorUrl: realMode && !env.META_GRAPH_URL ? null : emulatorUrl,
    pixelId: env.META_PIXEL_ID ?? '1234567890',
    accessToken: env.META_ACCESS_TOKEN ?? 'demo-token',
    testEventCode: env.META_TEST_EVENT_CODE || undefined,
    graphUrl: env.META_GRAPH_URL ?? (realMode ? 'https://graph.facebook.com' : emulatorUrl),
    // Durable outbox: events accepted with 202 survive a crash or restart and are delivered later. A SQLite
    // file by default; TWINFIRE_DB=postgres://… puts it in PostgreSQL instead (needs `pg`), and
    // TWINFIRE_DB=memory keeps the queue in memory.
    outboxFile:
      env.TWINFIRE_DB === 'memory' || isPostgresUrl(env.TWINFIRE_DB) ? null : (env.TWINFIRE_DB ?? fileURLToPath(new URL('../twinfire.db', import.meta.url))),
    outboxPostgres: isPostgresUrl(env.TWINFIRE_DB) ? env.TWINFIRE_DB : null,
    pixelScriptUrl: env.META_PIXEL_SCRIPT_URL ?? (realMode ? 'https://connect.facebook.net/en_US/fbevents.js' : `${emulatorUrl}/fbevents.js`),
  };
}

function isPostgresUrl(value) {
  return /^postgres(ql)?:\/\//i.test(value ?? '');
}
