import { CwsError, EXIT } from "../../../core/errors.js";

/** The CLI's name for the one exit-code table (core/errors.ts EXIT), documented in `cws --help` and cli/README.md. */
export const CLI_EXIT = EXIT;

export function cliError(code: string, message: string, hint: string, exitCode: number): CwsError {
  return new CwsError(code, message, hint, exitCode);
}
