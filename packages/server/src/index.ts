export type { PixelState } from './delivery/engine.js';
export { type BodyInput, type EndpointRequest, type EndpointResponse, headersOf, type NodeReadableLike, type RequestHeaders } from './endpoint/request.js';
export { type HandlerInfo, type WebHandler, type WebHandlerOptions, webHandler } from './endpoint/web-handler.js';
export { isTwinfireError, TwinfireError, type TwinfireErrorCode } from './errors.js';
export { newEventId } from './events/event-ids.js';
export type { SendEvent, SendOptions, SendResult } from './events/send-event.js';
export { hashUserData, hashValue } from './hashing/hash-user-data.js';
export type { IntentInput } from './intents/intent-input.js';
export type { Intent } from './intents/sign-intent.js';
export type { Logger } from './logging/logger.js';
export type {
  AllowedOrigins,
  ConsentSignals,
  DurableOutboxOption,
  IntentsOption,
  LduSetting,
  OutboxOption,
  PixelConfig,
  PixelListOptions,
  RateLimiterLike,
  RateLimitOption,
  SinglePixelOptions,
  TwinfireCommonOptions,
  TwinfireOptions,
} from './options/types.js';
export type { ForgetVisitor } from './outbox/forget.js';
export { MemoryOutbox, type MemoryOutboxOptions } from './outbox/memory-outbox.js';
export type {
  CommonOutboxOptions,
  DeadError,
  DeadLetter,
  DeadLetterFilter,
  DeadMark,
  DeadReason,
  EnqueueOptions,
  EnqueueResult,
  LeaseRef,
  Outbox,
  OutboxEntry,
  OutboxRecord,
  OutboxSizing,
  OutboxStats,
  OutboxWatcher,
  VisitorKey,
} from './outbox/outbox.js';
export { countedBytes, EVENT_OVERHEAD_BYTES, entryKeys, outboxKey } from './outbox/outbox.js';
export { type PgClient, type PgPool, type PgPoolClient, type PgQueryResult, PostgresOutbox, type PostgresOutboxOptions } from './outbox/pg-outbox.js';
export { SqliteOutbox, type SqliteOutboxOptions } from './outbox/sqlite-outbox.js';
export type { TwinfireStats } from './stats.js';
export { createTwinfire, type EndpointPaths, handleRequest, type TwinfireInstance } from './twinfire.js';
