export { createTwinfire, handleRequest, type TwinfireInstance, type EndpointPaths } from './twinfire.js';
export { webHandler, type WebHandler, type WebHandlerOptions, type HandlerInfo } from './endpoint/web-handler.js';
export { headersOf, type EndpointRequest, type EndpointResponse, type RequestHeaders, type BodyInput, type NodeReadableLike } from './endpoint/request.js';
export type { TwinfireOptions, TwinfireCommonOptions, PixelConfig, PixelListOptions, SinglePixelOptions, AllowedOrigins, ConsentSignals, LduSetting, RateLimitOption, RateLimiterLike } from './options/types.js';
export type { SendEvent, SendOptions, SendResult } from './events/send-event.js';
export type { IntentInput } from './intents/intent-input.js';
export type { Intent } from './intents/sign-intent.js';
export type { TwinfireStats } from './stats.js';
export type { PixelState } from './delivery/engine.js';
export type { Logger } from './logging/logger.js';
export { TwinfireError, isTwinfireError, type TwinfireErrorCode } from './errors.js';
export { newEventId } from './events/event-ids.js';
export { hashUserData, hashValue } from './hashing/hash-user-data.js';
export { MemoryOutbox, type MemoryOutboxOptions } from './outbox/memory-outbox.js';
export { SqliteOutbox, type SqliteOutboxOptions } from './outbox/sqlite-outbox.js';
export { outboxKey, entryKeys, countedBytes, EVENT_OVERHEAD_BYTES } from './outbox/outbox.js';
export type { ForgetVisitor } from './outbox/forget.js';
export type { OutboxOption, IntentsOption } from './options/types.js';
export type {
  Outbox, OutboxEntry, OutboxRecord, LeaseRef, EnqueueResult, DeadLetter, DeadLetterFilter, DeadMark, DeadError, DeadReason,
  OutboxStats, OutboxSizing, VisitorKey, CommonOutboxOptions,
} from './outbox/outbox.js';
