// Figure 5, child side: `node hold-queue.mjs <memory|sqlite> <count>` queues <count> events with tf.send()
// while the Graph API is down (graphUrl is a closed loopback port: every delivery attempt is refused and
// retried later), then reports its RSS. Sampled every 20 ms; the peak is process.resourceUsage().maxRSS.
import { createServer } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openTwinfire } from '../lib/open-twinfire.mjs';
import { FBC, FBP, PIXEL_ID, TOKEN, USER_AGENT } from '../lib/payload.mjs';
import { serveIpc } from '../lib/serve-ipc.mjs';

const [kind, countArg] = process.argv.slice(2);
const count = Number(countArg);
// Sends in flight at once, like as many concurrent requests.
const CHUNK = 100;

async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function event(i, now) {
  return {
    event_name: 'ViewContent',
    event_id: `hold-${i}`,
    event_time: now,
    action_source: 'website',
    event_source_url: 'https://shop.example.com/products/blue-mug?variant=2',
    user_data: { em: 'jane.doe@example.com', client_ip_address: '203.0.113.7', client_user_agent: USER_AGENT, fbp: FBP, fbc: FBC },
    custom_data: { content_ids: ['SKU-1042'], content_type: 'product', content_name: 'Blue mug', value: 19.9, currency: 'EUR' },
  };
}

const tf = openTwinfire(kind, {
  pixelId: PIXEL_ID,
  accessToken: TOKEN,
  graphUrl: `http://127.0.0.1:${await closedPort()}`,
  logger: { info() {}, warn() {}, error() {} },
});

if (tf) {
  serveIpc(
    {},
    {
      async fill() {
        let sampledPeak = process.memoryUsage().rss;
        const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)), 20);
        const baselineRss = process.memoryUsage().rss;
        const started = performance.now();
        const now = Math.floor(Date.now() / 1000);
        const refused = {};
        for (let i = 0; i < count; i += CHUNK) {
          const chunk = [];
          for (let j = i; j < Math.min(count, i + CHUNK); j++) chunk.push(tf.send(event(j, now)));
          // A refusal (queue full by count or by bytes) is counted, not thrown: the figure says how many were held.
          for (const result of await Promise.allSettled(chunk)) {
            if (result.status === 'rejected') refused[result.reason?.code ?? 'error'] = (refused[result.reason?.code ?? 'error'] ?? 0) + 1;
          }
        }
        const fillMs = performance.now() - started;
        // Let the refused delivery attempts and their retries run for a while with everything queued.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        clearInterval(sampler);
        const stats = await tf.stats();
        const maxRss = process.resourceUsage().maxRSS * 1024;
        // What is still held once garbage is collected: tells retained memory from garbage in the peak.
        setFlagsFromString('--expose-gc');
        runInNewContext('gc')();
        const { rss, heapUsed } = process.memoryUsage();
        return {
          baselineRss,
          sampledPeakRss: sampledPeak,
          maxRss,
          rssAfterGc: rss,
          heapUsedAfterGc: heapUsed,
          fillMs,
          queued: stats.queued,
          refused,
          requests: stats.requests,
        };
      },
    },
  );
}
