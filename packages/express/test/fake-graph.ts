import { createServer } from 'node:http';
import { type Listening, listen } from '@twinfire/testkit';

export interface CapturedRequest {
  method: string;
  url: string;
  headers: Record<string, unknown>;
  body: any;
}

/**
 * A minimal Graph API stand-in that records every raw request (URL and body), for the checks the emulator's
 * JSON API does not expose: where the access token travels, and fields such as data_processing_options.
 */
export async function startFakeGraph(answer?: (body: any) => { status: number; body: unknown }): Promise<Listening & { requests: CapturedRequest[] }> {
  const requests: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const reply = answer?.(body) ?? { status: 200, body: { events_received: body?.data?.length ?? 0, messages: [], fbtrace_id: 'Afake' } };
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  const listening = await listen(server);
  return Object.assign(listening, { requests });
}
