// Where an app's time goes during one window of load: a V8 CPU profile (servers/app.mjs profileStart and
// profileStop) summarized per request, by area and by function. For the README's profile summaries.
import { readFileSync } from 'node:fs';

/** Areas, first match wins, by the script URL of the sampled function. */
const AREAS = [
  ['Meta Parameter Builder (normalize + hash)', /capi-param-builder/],
  ['twinfire validation (@twinfire/core)', /packages\/core\//],
  ['twinfire endpoint and delivery (@twinfire/server, express adapter)', /packages\/(?:server|express)\//],
  ['rate-limiter-flexible', /rate-limiter-flexible/],
  ['isbot', /isbot/],
  ['better-sqlite3 / pg', /better-sqlite3|node_modules\/pg/],
  ['Express and its router', /node_modules\/(?:express|router|body-parser|finalhandler|parseurl|send|qs)\//],
  ['Node HTTP server and sockets', /^node:|^$/],
];

function areaOf(node) {
  const name = node.callFrame.functionName;
  if (name === '(garbage collector)') return 'garbage collection';
  if (name === '(idle)' || name === '(program)') return 'idle / other';
  if (name === 'writev' || name === 'writeBuffer' || name === 'writeUtf8String') return 'socket writes (native)';
  const url = `${node.callFrame.url}#${name}`;
  for (const [area, pattern] of AREAS) if (pattern.test(url)) return area;
  return 'other JavaScript';
}

/** µs per request by area (self time), and the top `top` functions. */
export function summarizeProfile(file, requests, top = 10) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const areas = new Map();
  const functions = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const area = areaOf(node);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const where = node.callFrame.url.replace(/^.*\/(packages|node_modules)\//, '$1/');
    const key = `${node.callFrame.functionName || '(anonymous)'}${where ? ` (${where})` : ''}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  });
  const perRequest = (map) => [...map].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, usPerRequest: us / requests, share: us / total }));
  return { requests, totalUsPerRequest: total / requests, areas: perRequest(areas), functions: perRequest(functions).slice(0, top) };
}
