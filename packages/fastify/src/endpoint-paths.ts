import { type EndpointPaths, TwinfireError, type TwinfireInstance } from '@twinfire/server';

/**
 * The paths `tf` answers (`tf.paths`), so an instance made elsewhere with its own `path`/`scriptPath`/
 * `inspectPath` gets routes at exactly those paths. Throws `ERR_TWINFIRE_INVALID_OPTION` (field `instance`)
 * for anything that is not a twinfire instance.
 */
export function endpointPaths(tf: unknown): EndpointPaths {
  const paths = typeof tf === 'object' && tf !== null ? (tf as Partial<TwinfireInstance>).paths : undefined;
  if (typeof paths?.path !== 'string' || typeof (tf as Partial<TwinfireInstance>).handle !== 'function') {
    throw new TwinfireError('ERR_TWINFIRE_INVALID_OPTION', 'instance', 'option `instance` must be an instance made by createTwinfire() of @twinfire/server.');
  }
  return paths;
}
