/**
 * Browser-side half of the page: turns the JSON API's events and rejections into per-pixel summaries.
 * Rows pair copies by event_name + event_id; events without an id get a row of their own. Also the words the
 * page uses: the fate of one copy, the state of a pair, and the verdict on an event name's quality numbers.
 */
export const PAGE_MODEL_SCRIPT = String.raw`
function buildModel(events, rejections) {
  // Keyed by strings from the wire (pixel ids, event names): prototype-free, so "__proto__" is a key like any other.
  var pixels = Object.create(null);
  var order = [];
  function pixelOf(id) {
    if (!pixels[id]) {
      pixels[id] = { id: id, names: Object.create(null), rows: Object.create(null), rowList: [], browser: 0, server: 0 };
      order.push(id);
    }
    return pixels[id];
  }
  function rowOf(pixel, name, eventId, fallbackKey) {
    var key = eventId ? name + '\u0000' + eventId : '#' + fallbackKey;
    if (!pixel.rows[key]) {
      pixel.rows[key] = { name: name, eventId: eventId, browser: [], server: [], rejected: [], last: 0 };
      pixel.rowList.push(pixel.rows[key]);
    }
    return pixel.rows[key];
  }
  function nameOf(pixel, name) {
    if (!pixel.names[name]) pixel.names[name] = { name: name, browser: 0, server: 0, rejected: 0 };
    return pixel.names[name];
  }
  events.forEach(function (event) {
    var pixel = pixelOf(event.pixel_id);
    var row = rowOf(pixel, event.event_name, event.event_id, event.seq);
    row[event.source].push(event);
    row.last = Math.max(row.last, event.received_at);
    pixel[event.source]++;
    nameOf(pixel, event.event_name)[event.source]++;
  });
  rejections.forEach(function (rejection) {
    rejection.events.forEach(function (summary) {
      var pixel = pixelOf(rejection.pixel_id);
      var name = summary.event_name || '(no event_name)';
      var row = rowOf(pixel, name, summary.event_id, 'r' + rejection.seq + '.' + summary.index);
      row.rejected.push(rejection);
      row.last = Math.max(row.last, rejection.received_at);
      nameOf(pixel, name).rejected++;
    });
  });
  order.forEach(function (id) {
    var pixel = pixels[id];
    pixel.rowList.forEach(function (row) { row.status = statusOf(row); });
    pixel.rowList.sort(function (a, b) { return b.last - a.last; });
  });
  return order.map(function (id) { return pixels[id]; });
}

// What happened to one copy: it counts in the reports, or it was dropped as a duplicate of another copy.
function copyFate(copy) {
  return copy.status === 'kept' ? { text: 'counted', tone: 'ok' } : { text: 'dropped as duplicate', tone: 'dup' };
}

// The state of the pair (all copies sharing event_name + event_id), as opposed to the fate of each copy.
function statusOf(row) {
  var counted = function (copy) { return copy.status === 'kept'; };
  var fallback = row.server.filter(function (copy) { return copy.dedup_rule === 'fbp' || copy.dedup_rule === 'external_id'; })[0];
  if (row.browser.length && row.server.length) {
    return row.browser.some(counted) && row.server.some(counted)
      ? { text: 'counted twice', tone: 'bad' }
      : { text: 'one counted (deduplicated)', tone: 'ok' };
  }
  if (fallback) return { text: 'deduplicated by ' + fallback.dedup_rule, tone: 'ok' };
  if (row.browser.length) return { text: 'browser only', tone: 'warn' };
  if (row.server.length) return { text: 'server only', tone: 'info' };
  return { text: 'rejected', tone: 'bad' };
}

// Meta's percent(): one decimal, 0 for an empty whole (see quality/dataset-quality.ts).
function percentOf(part, whole) { return whole > 0 ? Math.round((1000 * part) / whole) / 10 : 0; }

// Meta's upload_frequency from the median delay (see uploadFrequency in quality/dataset-quality.ts).
function freshnessOf(seconds) {
  if (seconds <= 300) return 'real_time';
  if (seconds <= 2 * 3600) return 'hourly';
  if (seconds <= 2 * 86400) return 'daily';
  return 'weekly';
}

function dedupeKeyOf(quality, name) {
  return quality.dedupe_keys.filter(function (key) { return key.dedupe_key === name; })[0] ||
    { dedupe_key: name, browser_events_with_key: 0, server_events_with_key: 0, browser_events_covered: 0 };
}

// One verdict per event name, from the numbers Meta's dataset_quality publishes (coverage, event_id presence,
// the twins each dedupe key finds), so that a tool reading Meta's numbers can use the same words.
function verdictOf(quality, goal) {
  var browser = quality.browser_events;
  var server = quality.server_events;
  if (!browser) return { text: 'server only', tone: 'info' };
  if (!server) return { text: 'browser only', tone: 'warn' };
  var byEventId = dedupeKeyOf(quality, 'event_id');
  if (byEventId.browser_events_covered === 0) return { text: 'broken', tone: 'bad' };
  var partly = byEventId.browser_events_covered < quality.covered_browser_events ||
    percentOf(quality.covered_browser_events, browser) < goal ||
    byEventId.browser_events_with_key < browser || byEventId.server_events_with_key < server;
  return partly ? { text: 'partly', tone: 'warn' } : { text: 'deduplicated', tone: 'ok' };
}
`;
