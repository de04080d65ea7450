import { type TwinfirePluginOptions, twinfire } from '@twinfire/fastify';
import { endpointSuite, type StartAdapter } from '@twinfire/testkit';
import Fastify from 'fastify';

/** A Fastify app with `fastify.register(twinfire, options)` at its root. */
const startFastify: StartAdapter = async (options) => {
  const app = Fastify();
  await app.register(twinfire, options as unknown as TwinfirePluginOptions);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, tf: app.twinfire, close: () => app.close() };
};

endpointSuite('Fastify 5', startFastify);
