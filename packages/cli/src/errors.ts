/** Codes of {@link CliError}: a wrong flag, or Meta (or the emulator) refusing to answer. */
export type CliErrorCode = 'ERR_TWINFIRE_CLI_ARGUMENT' | 'ERR_TWINFIRE_META_API';

/** A problem that stops `twinfire verify` before it can give a verdict (exit code 2). Never holds the token. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    readonly code: CliErrorCode,
    message: string,
    /** For ERR_TWINFIRE_META_API: what kind of refusal, e.g. `token_expired`. */
    readonly reason?: string,
  ) {
    super(message);
  }
}
