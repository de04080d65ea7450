import { FBEVENTS_COOKIES } from './fbevents-cookies.js';
import { FBEVENTS_SEND } from './fbevents-send.js';

/**
 * The stand-in for Meta's fbevents.js, served at `/fbevents.js`. Plain ES2017 (it runs in any page), kept as
 * a string because it is shipped as is. It takes over `window.fbq` the way the real script does: it adds
 * callMethod/getState/instance to the existing object (never replaces it), drains `fbq.queue` through its
 * own dispatcher, holds calls on the queue while consent is revoked, and sends each event as a
 * `GET <origin>/tr/?id=&ev=&eid=&cd[...]=&ud[...]=&fbp=&fbc=&dl=&rl=&ts=` image request to the origin it
 * was loaded from. It never throws into the page.
 */
export const FBEVENTS_SOURCE = String.raw`/* twinfire emulator: stand-in for Meta's fbevents.js (local testing only) */
(function (window, document) {
  'use strict';
  var TAG = '[twinfire emulator fbevents.js]';
  var NINETY_DAYS_S = 7776000;
  function warn(message) {
    try { if (window.console && window.console.warn) window.console.warn(TAG + ' ' + message); } catch (e) { /* ignore */ }
  }
  function toArray(args) { return Array.prototype.slice.call(args); }

  function scriptOrigin() {
    var src = document.currentScript && document.currentScript.src;
    if (!src) {
      var scripts = document.getElementsByTagName('script');
      for (var i = scripts.length - 1; i >= 0; i--) {
        if (/\/fbevents\.js([?#]|$)/.test(scripts[i].src)) { src = scripts[i].src; break; }
      }
    }
    var match = /^(https?:\/\/[^\/?#]+)/.exec(src || '');
    return match ? match[1] : '';
  }

${FBEVENTS_COOKIES}  try {
    var origin = scriptOrigin();
    var fbq = window.fbq;
    if (typeof fbq !== 'function') {
      // Loaded without the base code: set up the same stub the snippet would have made.
      fbq = function () {
        if (fbq.callMethod) fbq.callMethod.apply(fbq, arguments); else fbq.queue.push(arguments);
      };
      fbq.push = fbq; fbq.loaded = true; fbq.version = '2.0'; fbq.queue = [];
      window.fbq = fbq;
      if (!window._fbq) window._fbq = fbq;
    }
    if (fbq.callMethod) return; // another copy already took over
    if (window.fbq !== window._fbq) {
      warn('window.fbq and window._fbq are different objects: something replaced fbq after the base code ran. Calls made through the other object may never be sent.');
    }
    if (!Array.isArray(fbq.queue)) fbq.queue = [];

    var pixels = [];
    var pixelsById = {};
    var consentGranted = true;
    var dataProcessing = null;
    var settings = {};
    var inFlight = [];

${FBEVENTS_SEND}    function track(name, params, options) {
      if (!name) return warn('track needs an event name.');
      if (pixels.length === 0) return warn('"' + name + '" was tracked before any fbq("init", PIXEL_ID); it is not sent.');
      for (var i = 0; i < pixels.length; i++) send(pixels[i], String(name), params, options);
    }
    function trackSingle(id, name, params, options) {
      var pixel = pixelsById[String(id)];
      if (!pixel) return warn('trackSingle for pixel ' + id + ', which was not initialised; it is not sent.');
      send(pixel, String(name), params, options);
    }

    function dispatch(args) {
      var method = args[0];
      if (method === 'consent') {
        consentGranted = args[1] !== 'revoke';
        if (consentGranted) drain();
        return;
      }
      if (!consentGranted) { fbq.queue.push(args); return; } // held until consent is granted
      switch (method) {
        case 'init':
          var id = String(args[1] === undefined ? '' : args[1]);
          if (!id) return warn('init needs a pixel id.');
          if (!pixelsById[id]) { pixelsById[id] = { id: id, userData: {} }; pixels.push(pixelsById[id]); }
          mergeUserData(pixelsById[id], args[2]);
          return;
        case 'track':
        case 'trackCustom':
          return track(args[1], args[2], args[3]);
        case 'trackSingle':
        case 'trackSingleCustom':
          return trackSingle(args[1], args[2], args[3], args[4]);
        case 'set':
          if (args[1] === 'userData' && pixelsById[String(args[3])]) return mergeUserData(pixelsById[String(args[3])], args[2]);
          settings[String(args[1])] = args.slice(2);
          return;
        case 'dataProcessingOptions':
          dataProcessing = { options: Array.isArray(args[1]) ? args[1] : [], country: args[2], state: args[3] };
          return;
        default:
          warn('unknown method ' + String(method) + '.');
      }
    }
    function safeDispatch(args) {
      try { dispatch(toArray(args)); } catch (e) { warn('a call failed: ' + (e && e.message)); }
    }
    function drain() {
      var pending = fbq.queue.splice(0, fbq.queue.length);
      for (var i = 0; i < pending.length; i++) safeDispatch(pending[i]);
    }

    drain();
    fbq.callMethod = function () { safeDispatch(arguments); };
    fbq.getState = function () {
      return {
        pixels: pixels.map(function (pixel) { return { id: pixel.id }; }),
        consent: consentGranted ? 'granted' : 'revoked',
        dataProcessingOptions: dataProcessing,
        settings: settings,
      };
    };
    fbq.instance = { pixelsByID: pixelsById, emulator: origin };
    // Calls queued while the queue drained (from inside a call) still go out, in order.
    for (var rounds = 0; consentGranted && fbq.queue.length > 0 && rounds < 10; rounds++) drain();
  } catch (e) {
    warn('could not start: ' + (e && e.message));
  }
})(window, document);
`;
