export type { TwinfireOptions } from './config/options.js';
export { install, type Twinfire } from './install.js';
