/** A setup mistake (bad option, bad CLI flag): a stable code, the field at fault, and how to fix it. */
export class EmulatorError extends Error {
  override readonly name = 'EmulatorError';

  constructor(
    readonly code: 'ERR_TWINFIRE_EMULATOR_OPTION' | 'ERR_TWINFIRE_EMULATOR_ARGUMENT',
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
