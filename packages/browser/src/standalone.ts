// The script tag build (dist/twinfire.min.js): reads its config while it runs, then installs, once.
import { readScriptConfig } from './config/script-config.js';
import { install } from './install.js';

try {
  install(readScriptConfig());
} catch {
  // Never throw into the host page.
}
