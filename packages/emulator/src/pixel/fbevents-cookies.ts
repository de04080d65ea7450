/**
 * The cookie part of the fbevents.js stand-in (a fragment spliced into its IIFE): _fbp and _fbc as the
 * Pixel keeps them. `_fbp` = fb.<domain index>.<ms>.<random>, made once and refreshed for 90 days on every
 * event, on the highest domain that accepts a cookie; `_fbc` = fb.<domain index>.<ms>.<fbclid>, minted only
 * when the fbclid (from the URL or the referrer) changes.
 */
export const FBEVENTS_COOKIES = String.raw`  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split(/;\s*/) : [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].indexOf(name + '=') === 0) return parts[i].slice(name.length + 1);
    }
    return null;
  }
  function writeCookie(name, value, domain, maxAge) {
    document.cookie = name + '=' + value + '; path=/; max-age=' + maxAge + (domain ? '; domain=.' + domain : '') + '; SameSite=Lax';
  }

  // Like the Pixel: the highest domain that accepts a cookie (com, example.com, www.example.com ...).
  var cookieDomain = null;
  var domainIndex = 0;
  (function findCookieDomain() {
    var host = location.hostname || '';
    if (host.indexOf('.') < 0 || /^[\d.]+$/.test(host) || host.indexOf(':') >= 0) return; // localhost, IPs: host-only
    var labels = host.split('.');
    for (var i = labels.length - 1; i >= 0; i--) {
      var candidate = labels.slice(i).join('.');
      writeCookie('_fbp_probe', '1', candidate, 60);
      if (readCookie('_fbp_probe') === '1') {
        writeCookie('_fbp_probe', '', candidate, 0);
        cookieDomain = candidate;
        domainIndex = labels.length - i - 1;
        return;
      }
    }
  })();

  function fbclid() {
    var sources = [location.search || '', document.referrer || ''];
    for (var i = 0; i < sources.length; i++) {
      var match = /[?&]fbclid=([^&#]*)/.exec(sources[i]);
      if (match && match[1]) {
        try { return decodeURIComponent(match[1]); } catch (e) { return match[1]; }
      }
    }
    return null;
  }
  function currentFbp() {
    var fbp = readCookie('_fbp');
    if (!fbp || !/^fb\.\d\.\d{13}\./.test(fbp)) {
      fbp = 'fb.' + domainIndex + '.' + Date.now() + '.' + Math.floor(Math.random() * 2147483647);
    }
    writeCookie('_fbp', fbp, cookieDomain, NINETY_DAYS_S); // refreshed on every event, like the Pixel
    return fbp;
  }
  function currentFbc() {
    var click = fbclid();
    var fbc = readCookie('_fbc');
    if (click && (!fbc || fbc.split('.').slice(3).join('.') !== click)) {
      fbc = 'fb.' + domainIndex + '.' + Date.now() + '.' + click; // a new click id mints a new value
    }
    if (fbc) writeCookie('_fbc', fbc, cookieDomain, NINETY_DAYS_S);
    return fbc;
  }

`;
