export * from '@twinfire/server';
export { twinfire, expressRequest, type Twinfire, type TwinfireOptions, type TwinfireCommonOptions, type AllowedOrigins, type Middleware, type NextFunction, type ExpressLikeRequest } from './twinfire.js';
