import assert from 'node:assert/strict';
import { TwinfireError, twinfire } from '@twinfire/express';

/** A token for setup-error tests: no error message may contain it. */
export const SETUP_TOKEN = 'EAAsecret-setup-token-0000';

/**
 * Asserts that `twinfire(options)` throws a {@link TwinfireError} with this code and field, whose message matches
 * `pattern` (if given) and never contains {@link SETUP_TOKEN}.
 */
export function setupError(options: unknown, code: string, field: string, pattern?: RegExp): void {
  assert.throws(
    () => twinfire(options as any),
    (error: unknown) => {
      assert.ok(error instanceof TwinfireError, String(error));
      assert.equal(error.code, code);
      assert.equal(error.field, field);
      if (pattern) assert.match(error.message, pattern);
      assert.ok(!error.message.includes(SETUP_TOKEN), 'never the token in an error');
      return true;
    },
  );
}
