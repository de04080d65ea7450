/** What `install()` accepts; the script tag's `data-` attributes and `window.twinfireConfig` map onto it. */
export interface TwinfireOptions {
  /** Where each mirror is POSTed (same origin recommended). Default `'/twinfire'`. */
  endpoint?: string;
  /**
   * `'required'`: write no cookie and mirror nothing until consent is granted with
   * `fbq('consent', 'grant')` or `twinfire('consent', 'grant')`. Default: follow `fbq('consent', …)` only.
   */
  consent?: 'required';
  /** Log every mirror (and every transport failure) to the console. Default `false` (a `data-debug` attribute: on). */
  debug?: boolean;
}
