export { launchChromium, CHROMIUM_PATH } from './chromium.js';
export { desktopChromeUserAgent, visitorContexts } from './user-agent.js';
export { listen, type Listening } from './listen.js';
export { rawRequest, type RawRequestOptions, type RawResponse } from './raw-request.js';
export { endpointSuite, suiteMirror, SUITE_PIXEL, SUITE_UA, type StartAdapter, type StartedAdapter } from './endpoint-suite.js';
