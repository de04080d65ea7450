// (d) "The way people do it today": one EventRequest of Meta's Node SDK per mirror, awaited in the request.
// The SDK's own HTTP goes to graph.facebook.com; its custom http service option (EventRequest's 11th
// argument, an object with executeRequest(url, method, headers, params) returning a promise) sends it to
// the emulator instead.
import bizSdk from 'facebook-nodejs-business-sdk';
import { PIXEL_ID, TOKEN } from '../lib/payload.mjs';
import { readJson } from './read-text.mjs';

const { EventRequest, ServerEvent, UserData, CustomData } = bizSdk;

function emulatorHttpService(emulatorUrl) {
  return {
    async executeRequest(url, method, headers, params) {
      const target = url.replace(/^https:\/\/graph\.facebook\.com/, emulatorUrl);
      const response = await fetch(target, { method, headers, body: JSON.stringify(params) });
      const body = await response.json();
      if (!response.ok) throw Object.assign(new Error(body?.error?.message ?? `HTTP ${response.status}`), { status: 502 });
      return body;
    },
  };
}

export function sdkRoute(emulatorUrl) {
  const http = emulatorHttpService(emulatorUrl);
  return async (req, res) => {
    try {
      const mirror = await readJson(req);
      const userData = new UserData().setClientIpAddress(req.ip).setClientUserAgent(req.get('user-agent')).setFbp(mirror.fbp).setFbc(mirror.fbc);
      if (mirror.user_data?.em) userData.setEmail(mirror.user_data.em);
      const c = mirror.custom_data ?? {};
      const customData = new CustomData()
        .setContentIds(c.content_ids)
        .setContentType(c.content_type)
        .setContentName(c.content_name)
        .setValue(c.value)
        .setCurrency(c.currency);
      const event = new ServerEvent()
        .setEventName(mirror.event_name)
        .setEventId(mirror.event_id)
        .setEventTime(mirror.event_time)
        .setEventSourceUrl(mirror.event_source_url)
        .setActionSource('website')
        .setUserData(userData)
        .setCustomData(customData);
      await new EventRequest(TOKEN, PIXEL_ID, [event], null, null, null, null, null, null, false, http).execute();
      res.status(202).json({ ok: true, event_id: mirror.event_id });
    } catch (error) {
      res.status(error.status ?? 500).json({ error: error.message });
    }
  };
}
