export { install, type Twinfire } from './install.js';
export type { TwinfireOptions } from './config/options.js';
