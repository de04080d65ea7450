export * from '@twinfire/server';
export { fastifyRequest } from './fastify-request.js';
export {
  type AllowedOrigins,
  type TwinfireCommonOptions,
  type TwinfireInstanceOption,
  type TwinfireOptions,
  type TwinfirePluginOptions,
  twinfire,
  twinfire as default,
} from './plugin.js';
