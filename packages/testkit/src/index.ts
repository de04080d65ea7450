export { CHROMIUM_PATH, launchChromium } from './chromium.js';
export { collectPageProblems, type EmulatorEvent, emulatorEvents, waitForEmulatorEvents } from './emulator-events.js';
export { endpointSuite, QUICK_DELIVERY, type StartAdapter, type StartedAdapter, SUITE_PIXEL, SUITE_UA, suiteMirror } from './endpoint-suite.js';
export { type Listening, listen } from './listen.js';
export { checkPostgresUrl, dropSchema, stopTestPostgres, testPostgresUrl, uniqueSchema } from './postgres.js';
export { type RawRequestOptions, type RawResponse, rawRequest } from './raw-request.js';
export { type NodeRun, runNodeScript } from './run-node.js';
export { desktopChromeUserAgent, visitorContexts } from './user-agent.js';
