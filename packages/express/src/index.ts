export * from '@twinfire/server';
export {
  type AllowedOrigins,
  type ExpressLikeRequest,
  expressRequest,
  type Middleware,
  type NextFunction,
  type Twinfire,
  type TwinfireCommonOptions,
  type TwinfireOptions,
  twinfire,
} from './twinfire.js';
