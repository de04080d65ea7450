export * from '@twinfire/server';
export { twinfire, twinfire as default, type TwinfireOptions, type TwinfireCommonOptions, type AllowedOrigins, type TwinfirePluginOptions, type TwinfireInstanceOption } from './plugin.js';
export { fastifyRequest } from './fastify-request.js';
