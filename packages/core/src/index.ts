export type { FbCookie, FbCookieKind } from './cookies/fb-cookie.js';
export {
  buildFbc,
  buildFbp,
  formatFbCookie,
  isValidFbc,
  isValidFbclid,
  isValidFbp,
  parseFbCookie,
  subdomainIndexFor,
} from './cookies/fb-cookie.js';
export type { FbcForClickInput } from './cookies/fbclid.js';
export { extractFbclid, fbcForClick } from './cookies/fbclid.js';
export type { ActionSource, EventName, StandardEventName } from './events/names.js';
export { ACTION_SOURCES, isActionSource, isStandardEvent, STANDARD_EVENTS } from './events/names.js';
export type {
  Content,
  CustomData,
  EventsRequestBody,
  EventsResponse,
  GraphError,
  HashedUserDataKey,
  ServerEvent,
  UserData,
} from './events/server-event.js';
export { HASHED_USER_DATA_KEYS } from './events/server-event.js';
export { LIMITS } from './limits.js';
export { expandMirrorBatch, isMirrorBatch, type MirrorBatchResult } from './mirror/batch.js';
export { parseMirrorPayload } from './mirror/parse.js';
export type {
  MirrorDataProcessing,
  MirrorError,
  MirrorErrorCode,
  MirrorParseOptions,
  MirrorParseResult,
  MirrorPayload,
  MirrorUserData,
} from './mirror/wire-format.js';
export { MIRROR_USER_DATA_KEYS, MIRROR_VERSION } from './mirror/wire-format.js';
export { PIXEL_ID } from './pixel-id.js';
