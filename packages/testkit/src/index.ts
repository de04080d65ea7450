export { launchChromium, CHROMIUM_PATH } from './chromium.js';
export { desktopChromeUserAgent, visitorContexts } from './user-agent.js';
export { listen, type Listening } from './listen.js';
