/*
 * Test fixture: a small simulation of Meta's fbevents.js, written from the behaviour described in
 * shared/meta-facts.md §2 (not from Meta's code). What matters for a wrapper:
 * - it never replaces window.fbq: it adds callMethod, getState and instance to the object it finds there;
 * - it drains fbq.queue through its own dispatcher (not through callMethod or window.fbq);
 * - it warns when window.fbq !== window._fbq;
 * - while consent is revoked it puts calls back on fbq.queue and replays them on grant;
 * - like the Pixel it creates _fbp (and _fbc from an fbclid) on the highest settable domain if missing.
 * Each event goes out as GET <origin of this script>/tr?id=&ev=&eid=&fbp=&fbc=&dl= (one per pixel).
 */
(function () {
  var fbq = window.fbq;
  if (!fbq || fbq.callMethod) return;
  if (window.fbq !== window._fbq) console.warn('[fbevents fixture] window.fbq !== window._fbq: calls may be lost');
  var origin = /^https?:\/\/[^/]+/.exec(document.currentScript.src)[0];
  var pixels = [];
  var granted = true;

  function cookie(name) {
    var match = new RegExp('(?:^|; )' + name + '=([^;]*)').exec(document.cookie);
    return match ? match[1] : '';
  }
  function ensure(name, make) {
    var labels = location.hostname.split('.');
    for (var i = labels.length - 1; i >= 0; i--) {
      var value = make(labels.length - 1 - i);
      document.cookie = name + '=' + value + '; domain=' + labels.slice(i).join('.') + '; path=/; max-age=7776000; SameSite=Lax';
      if (cookie(name) === value) return;
    }
    document.cookie = name + '=' + make(labels.length - 1) + '; path=/; max-age=7776000; SameSite=Lax';
  }
  function cookies() {
    if (!/^fb\.\d+\.\d{13}\.\d+/.test(cookie('_fbp'))) {
      ensure('_fbp', function (i) { return 'fb.' + i + '.' + Date.now() + '.' + Math.floor(Math.random() * 1e9); });
    }
    var click = new URLSearchParams(location.search).get('fbclid');
    if (click && cookie('_fbc').split('.')[3] !== click) {
      ensure('_fbc', function (i) { return 'fb.' + i + '.' + Date.now() + '.' + click; });
    }
  }
  function send(pixel, name, options) {
    cookies();
    var query = { id: pixel, ev: name, fbp: cookie('_fbp'), fbc: cookie('_fbc'), dl: location.href };
    if (options && options.eventID != null) query.eid = String(options.eventID);
    new Image().src = origin + '/tr?' + new URLSearchParams(query);
  }
  function dispatch(args) {
    var a = Array.prototype.slice.call(args);
    if (a[0] === 'consent') {
      granted = a[1] !== 'revoke';
      if (granted) drain();
      return;
    }
    if (!granted) return void fbq.queue.push(args);
    if (a[0] === 'init' && pixels.indexOf(String(a[1])) < 0) pixels.push(String(a[1]));
    if (a[0] === 'track' || a[0] === 'trackCustom') pixels.forEach(function (id) { send(id, a[1], a[3]); });
    if ((a[0] === 'trackSingle' || a[0] === 'trackSingleCustom') && pixels.indexOf(String(a[1])) >= 0) send(String(a[1]), a[2], a[4]);
  }
  function drain() {
    fbq.queue.splice(0).forEach(dispatch);
  }
  drain();
  fbq.callMethod = function () { dispatch(arguments); };
  fbq.getState = function () { return { pixels: pixels.map(function (id) { return { id: id }; }) }; };
  fbq.instance = { fixture: true };
  window.__fbeventsLoaded = true;
})();
