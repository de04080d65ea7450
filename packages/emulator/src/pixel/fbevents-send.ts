/**
 * The sending part of the fbevents.js stand-in (a fragment spliced into its IIFE, inside the takeover):
 * one `GET <origin>/tr/?id=&ev=&eid=&dl=&rl=&ts=&fbp=&fbc=&cd[...]=&ud[...]=` image request per pixel and
 * event, like the real Pixel. Objects in parameters travel as JSON.
 */
export const FBEVENTS_SEND = `    function send(pixel, name, params, options) {
      var query = [];
      function add(key, value) {
        if (value === undefined || value === null || value === '') return;
        if (typeof value === 'object') value = JSON.stringify(value);
        query.push(encodeURIComponent(key) + '=' + encodeURIComponent(String(value)));
      }
      add('id', pixel.id);
      add('ev', name);
      if (options && options.eventID !== undefined && options.eventID !== null) add('eid', String(options.eventID));
      add('dl', location.href);
      add('rl', document.referrer);
      add('ts', Date.now());
      add('v', fbq.version);
      add('fbp', currentFbp());
      add('fbc', currentFbc());
      var key;
      if (params && typeof params === 'object') {
        for (key in params) if (Object.prototype.hasOwnProperty.call(params, key)) add('cd[' + key + ']', params[key]);
      }
      for (key in pixel.userData) if (Object.prototype.hasOwnProperty.call(pixel.userData, key)) add('ud[' + key + ']', pixel.userData[key]);
      if (dataProcessing) {
        add('dpo', dataProcessing.options.join(','));
        add('dpoco', dataProcessing.country);
        add('dpost', dataProcessing.state);
      }
      var image = new Image();
      inFlight.push(image); // keep a reference until the request is done
      image.onload = image.onerror = function () { inFlight.splice(inFlight.indexOf(image), 1); };
      image.src = origin + '/tr/?' + query.join('&');
    }

    function mergeUserData(pixel, data) {
      if (!data || typeof data !== 'object') return;
      for (var key in data) {
        if (Object.prototype.hasOwnProperty.call(data, key) && data[key] !== undefined && data[key] !== null) {
          pixel.userData[String(key).toLowerCase()] = String(data[key]);
        }
      }
    }

`;
