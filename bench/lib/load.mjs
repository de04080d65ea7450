// One autocannon window of mirrors against POST /twinfire, every request with a fresh event_id. Latencies
// are recorded per response so that windows of one variant can be merged exactly.
import autocannon from 'autocannon';
import { mirrorBody, mirrorHeaders } from './payload.mjs';

export const CONNECTIONS = 20;

export async function fireMirrors(appUrl, durationSeconds) {
  const latencies = [];
  const result = await autocannon({
    url: `${appUrl}/twinfire`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: durationSeconds,
    headers: mirrorHeaders(appUrl),
    // autocannon replaces [<id>] with a new unique id in every request.
    body: mirrorBody('[<id>]'),
    idReplacement: true,
    setupClient: (client) => client.on('response', (_status, _bytes, ms) => latencies.push(ms)),
  });
  return {
    seconds: result.duration,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencies,
  };
}
