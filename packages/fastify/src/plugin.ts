import {
  createTwinfire,
  type AllowedOrigins as ServerAllowedOrigins,
  type TwinfireCommonOptions as ServerCommonOptions,
  type TwinfireOptions as ServerOptions,
  TwinfireError,
  type TwinfireInstance,
} from '@twinfire/server';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest, RegisterOptions } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { endpointPaths } from './endpoint-paths.js';
import { registerRoutes } from './routes.js';

/** twinfire's options, with hooks receiving Fastify's request (`userData(request)`, `consent(request)`...). */
export type TwinfireOptions = ServerOptions<FastifyRequest>;
/** Every option besides the pixels. */
export type TwinfireCommonOptions = ServerCommonOptions<FastifyRequest>;
export type AllowedOrigins = ServerAllowedOrigins<FastifyRequest>;

/** An instance made with `createTwinfire<FastifyRequest>(options)`, instead of the options. */
export interface TwinfireInstanceOption {
  /** Served at the paths it was created with; the plugin closes it on Fastify's `onClose`. */
  instance: TwinfireInstance<FastifyRequest>;
}

/**
 * Options of `fastify.register(twinfire, options)`: twinfire's options or `{ instance }`, plus Fastify's
 * register options (`prefix`, `logLevel`, `logSerializers`), which apply to twinfire's routes.
 */
export type TwinfirePluginOptions = (TwinfireOptions | TwinfireInstanceOption) & RegisterOptions;

declare module 'fastify' {
  interface FastifyInstance {
    /** The instance `@twinfire/fastify` serves: `fastify.twinfire.send(event)`, `.intent()`, `.stats()`... */
    twinfire: TwinfireInstance<FastifyRequest>;
  }
}

/**
 * The Fastify 5 plugin: `await fastify.register(twinfire, { pixels: [{ id, accessToken }] })`. It serves
 * `<prefix><path>` (the mirror endpoint), `<prefix><scriptPath>` (the browser script, posting to
 * `<prefix><path>`) and `<prefix><inspectPath>` when set; decorates the Fastify instance with `twinfire`
 * (the instance, for `fastify.twinfire.send()`); and closes the instance on Fastify's `onClose`. Options are
 * checked when the plugin loads: a mistake rejects `register`/`ready`/`listen` with a {@link TwinfireError}.
 */
export const twinfire: FastifyPluginAsync<TwinfirePluginOptions> = fastifyPlugin(
  async function twinfirePlugin(fastify: FastifyInstance, options: TwinfirePluginOptions) {
    const { prefix, logLevel, logSerializers, ...twinfireOptions } = options;
    const tf = instanceOf(twinfireOptions);
    const paths = endpointPaths(tf);
    fastify.decorate('twinfire', tf);
    fastify.addHook('onClose', () => tf.close());
    // Routes in a context of their own: its content-type parser must not apply to the app's routes.
    await fastify.register(async (routes) => registerRoutes(routes, tf, paths), { prefix, logLevel, logSerializers });
  },
  { fastify: '5.x', name: '@twinfire/fastify' },
);

function instanceOf(options: TwinfireOptions | TwinfireInstanceOption): TwinfireInstance<FastifyRequest> {
  if (!('instance' in options)) return createTwinfire<FastifyRequest>(options);
  const others = Object.keys(options).filter((name) => name !== 'instance');
  if (others.length > 0) {
    throw new TwinfireError(
      'ERR_TWINFIRE_INVALID_OPTION',
      'instance',
      `option \`instance\` comes alone: give ${others.map((name) => `\`${name}\``).join(', ')} to createTwinfire(), or drop \`instance\`.`,
    );
  }
  return options.instance;
}
