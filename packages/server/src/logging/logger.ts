/** Any pino-compatible logger (pino, bunyan-style, or a small object of your own). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * The default: silent for `info`, `console.warn` / `console.error` for problems, so a bad token or a full
 * queue is never invisible, while a healthy site logs nothing.
 */
export const consoleLogger: Logger = {
  info() {},
  warn(obj, msg) {
    console.warn(`twinfire: ${msg ?? ''}`, obj);
  },
  error(obj, msg) {
    console.error(`twinfire: ${msg ?? ''}`, obj);
  },
};

/**
 * Wraps a logger so that no secret can reach it, whatever a caller passes: every string in the object and
 * the message has each secret replaced by `[redacted]`. A second line of defence — twinfire never passes
 * secrets to the logger in the first place. A logger that throws cannot break delivery either.
 */
export function safeLogger(logger: Logger, secrets: readonly string[]): Logger {
  const scrub = (text: string): string => secrets.reduce((out, secret) => (secret ? out.split(secret).join('[redacted]') : out), text);
  const clean = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (depth > 4 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v, depth + 1)]));
  };
  const wrap = (level: keyof Logger) => (obj: object, msg?: string) => {
    try {
      logger[level](clean(obj, 0) as object, msg === undefined ? undefined : scrub(msg));
    } catch {
      // A broken logger must not break the request or the delivery loop.
    }
  };
  return { info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}

/** Describes an error for a log line without its message, which might quote customer data. */
export function errorShape(error: unknown): { name: string; code?: string } {
  const name = (error as Error)?.name ?? typeof error;
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? { name, code } : { name };
}
