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
function pct(part, whole) { return whole ? Math.round((100 * part) / whole) + '%' : '–'; }
function clock(ms) {
  var date = new Date(ms);
  var today = new Date().toDateString() === date.toDateString();
  return (today ? '' : date.toLocaleDateString() + ' ') + date.toLocaleTimeString();
}
function copies(list) {
  if (!list.length) return '<span class="muted">—</span>';
  return list.map(function (copy) {
    return '<span class="copy">' + badge(copy.status, copy.status === 'kept' ? 'ok' : 'dup') + '</span>';
  }).join('');
}
function unique(values) { return values.filter(function (v, i) { return v && values.indexOf(v) === i; }); }
function stat(value, label) { return '<div class="stat"><b>' + esc(value) + '</b><span>' + esc(label) + '</span></div>'; }

function renderPixel(pixel) {
  var names = Object.keys(pixel.names).sort().map(function (key) {
    var n = pixel.names[key];
    return '<tr><td>' + esc(n.name) + '</td><td class="num">' + n.browser + '</td><td class="num">' + n.server +
      '</td><td class="num">' + n.both + '</td><td class="num">' + n.rejected + '</td><td class="num">' + pct(n.paired, n.server) + '</td></tr>';
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
    stat(pixel.browser, 'browser events') + stat(pixel.server, 'server events') + stat(pct(pixel.paired, pixel.server), 'dedup rate (server events matched to a browser copy)') +
    '</div></div><h3>By event name</h3><table class="names"><thead><tr><th>Event</th><th class="num">Browser</th><th class="num">Server</th><th class="num">Both</th><th class="num">Rejected</th><th class="num">Dedup rate</th></tr></thead><tbody>' +
    names + '</tbody></table><h3>Events, paired by event_id</h3><table class="events"><thead><tr><th>Last seen</th><th>Event</th><th>event_id</th><th>Browser copy</th><th>Server copy</th><th>Status</th><th>Server match keys</th><th>Test code</th></tr></thead><tbody>' +
    rows + '</tbody></table>' + more + '</section>';
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
  byId('pixels').innerHTML = pixels.length ? pixels.map(renderPixel).join('') :
    '<section class="card empty">No events yet. Load a page whose base code points at <code>' + esc(location.origin) + '/fbevents.js</code>, or POST events to <code>' + esc(location.origin) + '/v26.0/&lt;PIXEL_ID&gt;/events</code>.</section>';
  renderRejections(data.rejections.rejections);
  var dropped = data.events.dropped;
  byId('notice').innerHTML = dropped ? '<div class="notice">The oldest ' + esc(dropped) + ' events were dropped: the emulator keeps the latest ' + esc(data.events.max_events) + ' (option maxEvents).</div>' : '';
  var total = data.requests.total;
  byId('status').textContent = data.events.events.length + ' events · ' + total.requests + ' Graph API requests · ' + data.rejections.rejections.length + ' rejected';
}

function get(path) { return fetch(path, { cache: 'no-store' }).then(function (response) { return response.json(); }); }
function refresh() {
  return Promise.all([get('/_emulator/events'), get('/_emulator/rejections'), get('/_emulator/requests')])
    .then(function (parts) { render({ events: parts[0], rejections: parts[1], requests: parts[2] }); })
    .catch(function () { byId('status').textContent = 'emulator unreachable, retrying…'; });
}
byId('hint').innerHTML = 'Pixel base code: load <code>' + esc(location.origin) + '/fbevents.js</code> · Conversions API: <code>POST ' + esc(location.origin) + '/v26.0/&lt;PIXEL_ID&gt;/events</code> · refreshes every 2 s';
byId('reset').addEventListener('click', function () { fetch('/_emulator/events', { method: 'DELETE' }).then(refresh); });
refresh();
setInterval(refresh, 2000);
})();
`;
