import type { MirrorPayload, UserData } from '@twinfire/core';
import type { EndpointRequest } from '../endpoint/request.js';
import { errorShape } from '../logging/logger.js';
import type { ResolvedConfig } from '../options/resolved-config.js';
import type { ConsentSignals, LduSetting } from '../options/types.js';
import type { DataProcessing } from './build-twin.js';
import { pickUserData } from './user-data-fields.js';

// The user's hooks, each called with the framework's own request and the neutral view, each guarded: a throwing hook is logged (error name only: its message could quote
// customer data) and a safe fallback is used. Nothing a hook does can crash a request.

/** `userData(req, request)`; on failure the event goes without the hook's data. */
export async function hookUserData(config: ResolvedConfig, request: EndpointRequest): Promise<UserData | undefined> {
  if (!config.userData) return undefined;
  try {
    const result = await config.userData(request.raw, request);
    if (result === undefined || result === null) return undefined;
    return pickUserData(result, (field) => config.logger.warn({ hook: 'userData', field }, 'userData hook returned an unusable field; it was left out'));
  } catch (error) {
    config.logger.error({ hook: 'userData', error: errorShape(error) }, 'userData hook failed; the event is sent without its data');
    return undefined;
  }
}

/** `consent(req, signals)`; only `false` denies. On failure: denied (privacy first). */
export async function consentGiven(config: ResolvedConfig, request: EndpointRequest, signals: ConsentSignals): Promise<boolean> {
  if (!config.consent) return true;
  try {
    return (await config.consent(request.raw, signals, request)) !== false;
  } catch (error) {
    config.logger.error({ hook: 'consent', error: errorShape(error) }, 'consent hook failed; the event is treated as not consented and not sent');
    return false;
  }
}

/** `ldu(req)` wins over the page's `dataProcessingOptions`. On failure: LDU with geolocation (restrictive). */
export async function dataProcessingFor(config: ResolvedConfig, request: EndpointRequest, payload: MirrorPayload): Promise<DataProcessing | undefined> {
  const fromPage = payload.data_processing_options;
  if (!config.ldu) return fromPage;
  let setting: LduSetting;
  try {
    setting = await config.ldu(request.raw, request);
  } catch (error) {
    config.logger.error({ hook: 'ldu', error: errorShape(error) }, 'ldu hook failed; Limited Data Use is applied');
    setting = true;
  }
  return fromLdu(setting) ?? fromPage;
}

export function fromLdu(setting: LduSetting): DataProcessing | undefined {
  if (setting === true) return { options: ['LDU'], country: 0, state: 0 };
  if (setting && typeof setting === 'object') {
    const country = Number.isInteger(setting.country) ? setting.country! : 0;
    const state = Number.isInteger(setting.state) ? setting.state! : 0;
    return { options: ['LDU'], country, state };
  }
  return undefined;
}
