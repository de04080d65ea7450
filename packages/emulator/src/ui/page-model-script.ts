/**
 * Browser-side half of the page: turns the JSON API's events and rejections into per-pixel summaries.
 * Rows pair copies by event_name + event_id; events without an id get a row of their own.
 */
export const PAGE_MODEL_SCRIPT = String.raw`
function buildModel(events, rejections) {
  // Keyed by strings from the wire (pixel ids, event names): prototype-free, so "__proto__" is a key like any other.
  var pixels = Object.create(null);
  var order = [];
  function pixelOf(id) {
    if (!pixels[id]) {
      pixels[id] = { id: id, names: Object.create(null), rows: Object.create(null), rowList: [], browser: 0, server: 0, paired: 0 };
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
    if (!pixel.names[name]) pixel.names[name] = { name: name, browser: 0, server: 0, both: 0, paired: 0, rejected: 0 };
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
    pixel.rowList.forEach(function (row) {
      row.status = statusOf(row);
      var stats = nameOf(pixel, row.name);
      if (row.browser.length && row.server.length) stats.both++;
      if (row.status.paired) {
        stats.paired += row.server.length;
        pixel.paired += row.server.length;
      }
    });
    pixel.rowList.sort(function (a, b) { return b.last - a.last; });
  });
  return order.map(function (id) { return pixels[id]; });
}

function statusOf(row) {
  var copies = row.browser.concat(row.server);
  var deduplicated = copies.some(function (copy) { return copy.status === 'deduplicated'; });
  var fallback = row.server.filter(function (copy) { return copy.dedup_rule === 'fbp' || copy.dedup_rule === 'external_id'; })[0];
  if (row.browser.length && row.server.length) {
    return deduplicated
      ? { text: 'deduplicated', tone: 'ok', paired: true }
      : { text: 'both kept (counted twice)', tone: 'bad', paired: false };
  }
  if (fallback) return { text: 'deduplicated by ' + fallback.dedup_rule, tone: 'ok', paired: true };
  if (row.browser.length) return { text: 'browser only', tone: 'warn', paired: false };
  if (row.server.length) return { text: 'server only', tone: 'info', paired: false };
  return { text: 'rejected', tone: 'bad', paired: false };
}
`;
