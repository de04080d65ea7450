// Compile-time tests of the plugin's options and decorator (run by `npm run typecheck` through
// tsconfig.tests.json, never executed): valid uses are plain lines, misuse carries `// @ts-expect-error`.

import { createTwinfire, type TwinfireOptions, twinfire } from '@twinfire/fastify';
import Fastify, { type FastifyRequest } from 'fastify';

const app = Fastify();

// twinfire's options, Fastify's register options with them; hooks get Fastify's request.
app.register(twinfire, { pixels: [{ id: '1234567890', accessToken: process.env.META_ACCESS_TOKEN }], baseCode: true, prefix: '/t' });
app.register(twinfire, {
  pixelId: '1234567890',
  accessToken: process.env.META_ACCESS_TOKEN,
  userData: (request, view) => ({ em: String(request.headers['x-email']), external_id: `${request.id}:${view.path}` }),
  consent: (request) => request.protocol === 'https',
});
const options: TwinfireOptions = { pixelId: '1', accessToken: 'a', ldu: (request: FastifyRequest) => request.hostname === 'eu.shop.example' };
app.register(twinfire, options);

// An instance instead of options.
app.register(twinfire, { instance: createTwinfire<FastifyRequest>({ pixelId: '1', accessToken: 'a' }), prefix: '/t' });

// The decorator.
const sent: Promise<{ event_id: string }> = app.twinfire.send({ event_name: 'Lead', action_source: 'system_generated', user_data: { external_id: 'c-1' } });
void sent;

// @ts-expect-error a pixel is required
app.register(twinfire, { prefix: '/t' });
// @ts-expect-error an instance is made with createTwinfire, not an options object
app.register(twinfire, { instance: { pixelId: '1', accessToken: 'a' } });
