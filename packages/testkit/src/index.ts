export { launchChromium, CHROMIUM_PATH } from './chromium.js';
export { listen, type Listening } from './listen.js';
