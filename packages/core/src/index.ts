export { STANDARD_EVENTS, ACTION_SOURCES, isStandardEvent, isActionSource } from './events/names.js';
export type { StandardEventName, EventName, ActionSource } from './events/names.js';
export { HASHED_USER_DATA_KEYS } from './events/server-event.js';
export type {
  Content,
  CustomData,
  UserData,
  HashedUserDataKey,
  ServerEvent,
  EventsRequestBody,
  EventsResponse,
  GraphError,
} from './events/server-event.js';
export { LIMITS } from './limits.js';
export { MIRROR_VERSION, MIRROR_USER_DATA_KEYS } from './mirror/wire-format.js';
export type {
  MirrorPayload,
  MirrorUserData,
  MirrorDataProcessing,
  MirrorError,
  MirrorErrorCode,
  MirrorParseResult,
  MirrorParseOptions,
} from './mirror/wire-format.js';
export { parseMirrorPayload } from './mirror/parse.js';
export {
  parseFbCookie,
  formatFbCookie,
  isValidFbp,
  isValidFbc,
  isValidFbclid,
  buildFbc,
  buildFbp,
  subdomainIndexFor,
} from './cookies/fb-cookie.js';
export type { FbCookie, FbCookieKind } from './cookies/fb-cookie.js';
export { extractFbclid, fbcForClick } from './cookies/fbclid.js';
export type { FbcForClickInput } from './cookies/fbclid.js';
