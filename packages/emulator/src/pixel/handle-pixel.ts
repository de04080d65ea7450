import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowAnyOrigin, sendGif, sendText } from '../server/respond.js';
import type { EventStore } from '../store/event-store.js';
import { FBEVENTS_SOURCE } from './fbevents-source.js';
import { readHit } from './read-hit.js';

/** `GET /fbevents.js`: the Pixel stand-in. */
export function serveFbevents(res: ServerResponse): void {
  allowAnyOrigin(res);
  sendText(res, 200, 'application/javascript', FBEVENTS_SOURCE);
}

/** `GET /tr`: a Pixel hit, recorded as a browser event; answers with a 1x1 GIF like Meta's endpoint. */
export function handlePixelHit(req: IncomingMessage, res: ServerResponse, url: URL, store: EventStore, now: () => number): void {
  allowAnyOrigin(res);
  const hitContext = {
    receivedAt: now(),
    ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
    ...(req.socket.remoteAddress ? { ip: req.socket.remoteAddress } : {}),
  };
  const event = readHit(url.searchParams, hitContext);
  if (event) store.add(event);
  sendGif(res, event ? 200 : 400);
}
