// Figure 6, attacker side, in its own process so that the runner's visitor timings do not share an event
// loop with it: `flood({ url, seconds, connections })` posts fat mirrors to <url>/twinfire over
// <connections> keep-alive connections, each one request after the other, for <seconds> s, and counts the
// answers by kind and status. Every mirror would pass a browser's checks: same Origin, a Chrome User-Agent,
// text/plain.
import http from 'node:http';
import { PIXEL_ID, USER_AGENT } from '../lib/payload.mjs';
import { serveIpc } from '../lib/serve-ipc.mjs';

/** 30 keys x 1000 characters: about 30 KB of JSON, under maxEventBytes (32 KB) once enriched. */
const FAT = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`note${i}`, `${i}`.padEnd(1000, 'x')]));
/** 42 keys x 500 `{}`: 63 KB of JSON (under maxBodyBytes), over the node budget: 400 too_many_nodes. */
const BOMB = Object.fromEntries(Array.from({ length: 42 }, (_, i) => [`k${i}`, Array.from({ length: 500 }, () => ({}))]));
/** 7 days minus 5 minutes: Meta still takes it, but twinfire sets it aside as expired (1 h margin) instead of sending. */
const ALMOST_EXPIRED_S = 7 * 24 * 3600 - 300;
/** The mix, one request after the other on each connection: half fresh fat mirrors, a quarter almost expired, a quarter bombs. */
const CYCLE = ['fat', 'expired', 'fat', 'bomb'];

/** The body split around its event_id and event_time, so that each request only concatenates. */
function template(customData) {
  const text = JSON.stringify({
    v: 1,
    event_name: 'ViewContent',
    event_id: '@ID@',
    event_time: '@TIME@',
    event_source_url: 'https://shop.example.com/products/blue-mug?variant=2',
    custom_data: customData,
    pixel_ids: [PIXEL_ID],
    user_data: { em: 'attacker@example.com' },
  });
  const [head, rest] = text.split('"@ID@"');
  const [middle, tail] = rest.split('"@TIME@"');
  return (id, time) => `${head}"${id}"${middle}${time}${tail}`;
}

const BODIES = { fat: template(FAT), expired: template(FAT), bomb: template(BOMB) };

function post(agent, url, headers, body) {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
      res.on('error', () => resolve('error'));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve(error.message === 'timeout' ? 'timeout' : 'error'));
    req.end(body);
  });
}

async function attack(url, seconds, connection, counts) {
  // One socket per connection, kept alive; twinfire closes it after a 413 or 408, and the agent opens another.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const headers = { 'content-type': 'text/plain;charset=UTF-8', origin: new URL(url).origin, 'user-agent': USER_AGENT };
  const end = performance.now() + seconds * 1000;
  try {
    for (let i = 0; performance.now() < end; i++) {
      const kind = CYCLE[i % CYCLE.length];
      const now = Math.floor(Date.now() / 1000);
      const body = BODIES[kind](`attack-${connection}-${i}`, kind === 'expired' ? now - ALMOST_EXPIRED_S : now);
      const status = await post(agent, `${url}/twinfire`, headers, body);
      counts[kind][status] = (counts[kind][status] ?? 0) + 1;
      counts.bytes += body.length;
    }
  } finally {
    agent.destroy();
  }
}

serveIpc(
  {},
  {
    async flood({ url, seconds, connections }) {
      const counts = { fat: {}, expired: {}, bomb: {}, bytes: 0 };
      const started = performance.now();
      const cpu = process.cpuUsage();
      await Promise.all(Array.from({ length: connections }, (_, c) => attack(url, seconds, c, counts)));
      const { user, system } = process.cpuUsage(cpu);
      return {
        ...counts,
        seconds: (performance.now() - started) / 1000,
        cpuSeconds: (user + system) / 1e6,
        connections,
        bodyBytes: Object.fromEntries(Object.entries(BODIES).map(([k, f]) => [k, f('attack-0-0', 1_700_000_000).length])),
      };
    },
  },
);
