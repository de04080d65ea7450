// Type-checked by `npm run typecheck` (tsconfig.tests.json), never run: the web handler fits a Next.js App
// Router route, whose second argument is `{ params }`, as well as Hono's `(c.req.raw, { ip })`.
import { createTwinfire, webHandler } from '@twinfire/server';

const handler = webHandler(createTwinfire<Request>({ pixelId: '1', accessToken: 'EAAx' }));
type RouteContext = { params: Promise<{ slug: string }> };
export const GET: (request: Request, context: RouteContext) => Promise<Response> = handler;
export const POST: (request: Request) => Promise<Response> = handler;
export const fromHono = (request: Request, ip: string | undefined) => handler(request, { ip });
