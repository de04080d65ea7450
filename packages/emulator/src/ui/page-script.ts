import { PAGE_MODEL_SCRIPT } from './page-model-script.js';

/** Browser-side half of the page: polling, rendering (every string escaped), the reset button. */
export const PAGE_SCRIPT = String.raw`(function () {
'use strict';
var MAX_ROWS = 200;
${PAGE_MODEL_SCRIPT}
function byId(id) { return document.getElementById(id); }
var ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function esc(value) { return String(value === undefined || value === null ? '' : value).replace(/[&<>"']/g, function (c) { return ENTITIES[c]; }); }
function badge(text, tone) { return '<span class="badge ' + tone + '">' + esc(text) + '</span>'; }
function clock(ms) {
  var date = new Date(ms);
  var today = new Date().toDateString() === date.toDateString();
  return (today ? '' : date.toLocaleDateString() + ' ') + date.toLocaleTimeString();
}
function copies(list) {
  if (!list.length) return '<span class="muted">—</span>';
  return list.map(function (copy) {
    var fate = copyFate(copy);
    return '<span class="copy">' + badge(fate.text, fate.tone) + '</span>';
  }).join('');
}
function unique(values) { return values.filter(function (v, i) { return v && values.indexOf(v) === i; }); }
function stat(value, label) { return '<div class="stat"><b>' + esc(value) + '</b><span>' + esc(label) + '</span></div>'; }
// A percentage as Meta's dataset_quality gives it (one decimal), without the decimal when it is .0.
function percent(part, whole) { return whole > 0 ? percentOf(part, whole) + '%' : '–'; }
function none() { return '<span class="muted">–</span>'; }
function cell(cls, html) { return '<td class="' + cls + '">' + html + '</td>'; }

function qualityRow(q, goal, rejected) {
  var byEventId = dedupeKeyOf(q, 'event_id');
  var verdict = verdictOf(q, goal);
  var others = q.dedupe_keys.filter(function (key) { return key.dedupe_key !== 'event_id' && key.browser_events_covered > 0; }).map(function (key) {
    return '<div class="muted">+ ' + esc(percent(key.browser_events_covered, q.browser_events)) + ' by ' + esc(key.dedupe_key) + '</div>';
  }).join('');
  var coverage = percent(q.covered_browser_events, q.browser_events);
  var fresh = q.median_delay_seconds === undefined ? none() :
    esc(freshnessOf(q.median_delay_seconds).replace('_', ' ')) + '<div class="muted">median ' + esc(q.median_delay_seconds) + ' s</div>';
  var row = '<tr data-event="' + esc(q.event_name) + '"><td>' + esc(q.event_name) + '</td>' +
    cell('num browser', esc(q.browser_events)) + cell('num server', esc(q.server_events)) +
    cell('num coverage' + (q.browser_events && percentOf(q.covered_browser_events, q.browser_events) < goal ? ' below-goal' : ''), esc(coverage)) +
    cell('num event-id', esc(percent(byEventId.browser_events_with_key, q.browser_events)) + ' / ' + esc(percent(byEventId.server_events_with_key, q.server_events))) +
    cell('num twins', esc(percent(byEventId.browser_events_covered, q.browser_events)) + others) +
    cell('num twice', esc(q.counted_twice)) +
    cell('num emq', q.match_quality === undefined ? none() : esc(q.match_quality) + '<span class="muted"> / 10</span>') +
    cell('fresh', fresh) + cell('num rejected', esc(rejected)) + cell('verdict', badge(verdict.text, verdict.tone)) + '</tr>';
  var diagnostics = q.diagnostics.map(function (d) {
    return '<tr class="diagnostic" data-event="' + esc(q.event_name) + '"><td></td><td colspan="10">' + badge('diagnostic', 'warn') + ' <b>' + esc(d.name) + '</b> <span class="muted">(' +
      esc(d.affected_event_count) + ' of ' + esc(d.total_event_count) + ' twins)</span> ' + esc(d.description) + ' <span class="solution">Fix: ' + esc(d.solution) + '</span></td></tr>';
  }).join('');
  return row + diagnostics;
}

function rejectedOnlyRow(name, rejected) {
  return '<tr data-event="' + esc(name) + '"><td>' + esc(name) + '</td>' + cell('num browser', '0') + cell('num server', '0') +
    '<td colspan="7" class="muted">no accepted events</td>' + cell('num rejected', esc(rejected)) + cell('verdict', none()) + '</tr>';
}

function legend(lines) {
  return '<ul class="legend">' + lines.map(function (line) { return '<li><b>' + esc(line[0]) + '</b> ' + esc(line[1]) + '</li>'; }).join('') + '</ul>';
}

function qualityLegend(goal) {
  return legend([
    ['Browser / Server:', 'distinct events received from the Pixel / the Conversions API (a repeated copy counts once; rejected requests do not count).'],
    ['Event coverage:', 'share of browser events with a server event of the same name sharing event_id, external_id or fbp. Meta\'s goal is ' + goal + ' %.'],
    ['event_id on browser / server:', 'share of browser / server events that carry an event_id.'],
    ['Twins found by event_id:', 'share of browser events whose server twin has the same event_id. "+ … by fbp / external_id": twins found only by those keys, deduplicated only when one of the two copies has no event_id.'],
    ['Counted twice:', 'browser events whose server twin was also counted: the conversion counts twice (the emulator knows this; Meta does not report it).'],
    ['Match quality (approx.):', 'an approximation, 0-10, from the match keys present on the server events (em, ph, external_id, fbp, fbc, IP, user agent, …). Meta does not publish its formula.'],
    ['Freshness:', 'how soon server events arrive after event_time (median): real time ≤ 5 min, hourly ≤ 2 h, daily ≤ 2 days, else weekly.'],
    ['Rejected:', 'events of requests the Graph API refused (listed under Rejected requests).'],
    ['deduplicated:', 'every browser event with a server twin is matched by event_id, event_id is on every event, and coverage meets the goal.'],
    ['partly:', 'some twins are not matched by event_id, event_id is missing on some events, or coverage is below the goal.'],
    ['broken:', 'there are browser and server events, but no twin is matched by event_id: the server copies cannot be deduplicated.'],
    ['server only:', 'no browser events. Expected for back-office events (order webhooks, refunds, in-store sales): not a dedup failure.'],
    ['browser only:', 'no server events: the Conversions API does not send this event.'],
  ]);
}

var EVENTS_LEGEND = [
  ['Browser copy / Server copy:', 'what happened to that copy: counted (it counts in the reports) or dropped as duplicate (of another copy).'],
  ['Pair:', 'the state of the copies sharing this event_name and event_id: one counted (deduplicated); counted twice (a browser and a server copy both counted); browser only; server only; rejected; deduplicated by fbp/external_id (a server copy dropped against an earlier browser copy with the same fbp or external_id, one of the two having no event_id).'],
];

function renderPixel(pixel, quality, goal) {
  var list = quality || [];
  var seen = Object.create(null);
  var totals = { browser: 0, server: 0, covered: 0 };
  var names = list.map(function (q) {
    seen[q.event_name] = true;
    totals.browser += q.browser_events;
    totals.server += q.server_events;
    totals.covered += q.covered_browser_events;
    return qualityRow(q, goal, pixel.names[q.event_name] ? pixel.names[q.event_name].rejected : 0);
  }).join('') + Object.keys(pixel.names).sort().filter(function (name) { return !seen[name] && pixel.names[name].rejected; }).map(function (name) {
    return rejectedOnlyRow(name, pixel.names[name].rejected);
  }).join('');
  var rows = pixel.rowList.slice(0, MAX_ROWS).map(function (row) {
    var server = row.server;
    var keys = unique([].concat.apply([], server.map(function (copy) { return copy.match_keys; })));
    var codes = unique(server.map(function (copy) { return copy.test_event_code; }).concat(row.rejected.map(function (r) { return r.test_event_code; })));
    var status = badge(row.status.text, row.status.tone) + (row.rejected.length && row.status.text !== 'rejected' ? ' ' + badge('rejected ×' + row.rejected.length, 'bad') : '');
    return '<tr><td class="muted nowrap">' + esc(clock(row.last)) + '</td><td>' + esc(row.name) + '</td><td class="mono">' + (row.eventId ? esc(row.eventId) : '<span class="muted">no event_id</span>') +
      '</td><td>' + copies(row.browser) + '</td><td>' + copies(server) + '</td><td>' + status +
      '</td><td>' + (keys.length ? esc(keys.join(', ')) : '<span class="muted">—</span>') + '</td><td class="mono">' + esc(codes.join(', ')) + '</td></tr>';
  }).join('');
  var more = pixel.rowList.length > MAX_ROWS ? '<p class="muted">Showing the latest ' + MAX_ROWS + ' of ' + pixel.rowList.length + ' events.</p>' : '';
  return '<section class="card pixel" data-pixel="' + esc(pixel.id) + '"><div class="card-head"><h2>Pixel ' + esc(pixel.id) + '</h2><div class="stats">' +
    stat(totals.browser, 'browser events') + stat(totals.server, 'server events') + stat(percent(totals.covered, totals.browser), 'event coverage, all names (goal ' + goal + ' %)') +
    '</div></div><h3>Event quality by event name</h3><div class="scroll"><table class="names quality"><thead><tr><th>Event</th><th class="num">Browser</th><th class="num">Server</th><th class="num">Event coverage<br>(goal ' + esc(goal) +
    ' %)</th><th class="num">event_id on<br>browser / server</th><th class="num">Twins found<br>by event_id</th><th class="num">Counted<br>twice</th><th class="num">Match quality<br>(approx.)</th><th>Freshness</th><th class="num">Rejected</th><th>Verdict</th></tr></thead><tbody>' +
    names + '</tbody></table></div>' + qualityLegend(goal) +
    '<h3>Events, paired by event_id</h3><table class="events"><thead><tr><th>Last seen</th><th>Event</th><th>event_id</th><th>Browser copy</th><th>Server copy</th><th>Pair</th><th>Server match keys</th><th>Test code</th></tr></thead><tbody>' +
    rows + '</tbody></table>' + more + legend(EVENTS_LEGEND) + '</section>';
}

function renderRejections(rejections) {
  byId('rejections-count').textContent = rejections.length ? rejections.length + ' request(s)' : '';
  if (!rejections.length) { byId('rejections').innerHTML = '<p class="muted">None. Requests refused by the Graph API endpoint show up here with Meta\'s error text.</p>'; return; }
  byId('rejections').innerHTML = '<table><thead><tr><th>Time</th><th>Pixel</th><th class="num">HTTP</th><th>Code</th><th>Error</th><th class="num">Events</th><th>Test code</th></tr></thead><tbody>' +
    rejections.slice().reverse().map(function (r) {
      var e = r.error;
      var text = (e.error_user_title ? '<b>' + esc(e.error_user_title) + '</b> ' : '') + esc(e.error_user_msg || e.message);
      return '<tr><td class="muted nowrap">' + esc(clock(r.received_at)) + '</td><td>' + esc(r.pixel_id) + '</td><td class="num">' + esc(r.http_status) + '</td><td class="mono nowrap">' +
        esc(e.code + (e.error_subcode ? ' / ' + e.error_subcode : '')) + '</td><td><span class="error-text">' + text + '</span><div class="muted mono">' + esc(e.message) + ' · fbtrace_id ' + esc(e.fbtrace_id) +
        '</div></td><td class="num">' + esc(r.event_count) + '</td><td class="mono">' + esc(r.test_event_code || '') + '</td></tr>';
    }).join('') + '</tbody></table>';
}

var last = '';
function render(data) {
  var signature = JSON.stringify(data);
  if (signature === last) return;
  last = signature;
  var pixels = buildModel(data.events.events, data.rejections.rejections);
  var quality = Object.create(null);
  data.quality.pixels.forEach(function (entry) { quality[entry.pixel_id] = entry.events; });
  var goal = data.quality.coverage_goal_percentage;
  byId('pixels').innerHTML = pixels.length ? pixels.map(function (pixel) { return renderPixel(pixel, quality[pixel.id], goal); }).join('') :
    '<section class="card empty">No events yet. Load a page whose base code points at <code>' + esc(location.origin) + '/fbevents.js</code>, or POST events to <code>' + esc(location.origin) + '/v26.0/&lt;PIXEL_ID&gt;/events</code>.</section>';
  renderRejections(data.rejections.rejections);
  var dropped = data.events.dropped;
  byId('notice').innerHTML = dropped ? '<div class="notice">The oldest ' + esc(dropped) + ' events were dropped: the emulator keeps the latest ' + esc(data.events.max_events) + ' (option maxEvents).</div>' : '';
  var total = data.requests.total;
  byId('status').textContent = data.events.events.length + ' events · ' + total.requests + ' Graph API requests · ' + data.rejections.rejections.length + ' rejected';
}

function get(path) { return fetch(path, { cache: 'no-store' }).then(function (response) { return response.json(); }); }
function refresh() {
  return Promise.all([get('/_emulator/events'), get('/_emulator/rejections'), get('/_emulator/requests'), get('/_emulator/quality')])
    .then(function (parts) { render({ events: parts[0], rejections: parts[1], requests: parts[2], quality: parts[3] }); })
    .catch(function () { byId('status').textContent = 'emulator unreachable, retrying…'; });
}
byId('hint').innerHTML = 'Pixel base code: load <code>' + esc(location.origin) + '/fbevents.js</code> · Conversions API: <code>POST ' + esc(location.origin) + '/v26.0/&lt;PIXEL_ID&gt;/events</code> · refreshes every 2 s';
byId('reset').addEventListener('click', function () { fetch('/_emulator/events', { method: 'DELETE' }).then(refresh); });
refresh();
setInterval(refresh, 2000);
})();
`;
