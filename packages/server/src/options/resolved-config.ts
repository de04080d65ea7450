import type { ServerEvent } from '@twinfire/core';
import type { EngineConfig } from '../delivery/engine-config.js';
import type { EndpointRequest } from '../endpoint/request.js';
import type { EventIdKey } from '../events/event-ids.js';
import type { RateLimit } from '../guard/rate-limit.js';
import type { Logger } from '../logging/logger.js';
import type { ResolvedBaseCode } from './resolve-base-code.js';
import type { ResolvedIntents } from './resolve-intents.js';
import type { AllowedOrigins, ConsentSignals, LduSetting } from './types.js';

/** The options after validation, with every default filled in (the engine's part included). Internal. */
export interface ResolvedConfig extends Omit<EngineConfig, 'counters'> {
  path: string;
  scriptPath: string | false;
  scriptFile: string | undefined;
  /** One-tag mode: serve Meta's base code after the script, loading fbevents.js from here. */
  baseCode: ResolvedBaseCode;
  // biome-ignore lint/suspicious/noExplicitAny: the option's function takes the adapter's request type, whichever it is
  allowedOrigins: AllowedOrigins<any>;
  requireOrigin: boolean;
  maxBodyBytes: number;
  /** The key of eventIdFor and intents (see resolveSecret). */
  secret: EventIdKey;
  maxEventBytes: number;
  bodyTimeoutMs: number;
  /** `undefined`: rate limiting is off. */
  rateLimit: RateLimit | undefined;
  userData: ((req: unknown, request: EndpointRequest) => unknown) | undefined;
  beforeSend: ((event: ServerEvent, req: unknown, pixelId: string, request: EndpointRequest | undefined) => unknown) | undefined;
  consent: ((req: unknown, signals: ConsentSignals, request: EndpointRequest) => unknown) | undefined;
  ldu: ((req: unknown, request: EndpointRequest) => LduSetting | Promise<LduSetting>) | undefined;
  /** Already wrapped: tokens are scrubbed from everything it is given. */
  logger: Logger;
  bots: 'drop' | 'keep';
  /** `undefined`: no event requires an intent. */
  intents: ResolvedIntents | undefined;
  cookies: boolean;
  cookieDomain: string | false | ((hostname: string) => string | undefined) | undefined;
  maxQueue: number;
  inspectPath: string | false;
}
