import { CwsError } from "../../../core/errors.js";

/**
 * CLI exit codes, documented in `cws --help` and cli/README.md. Scripts may rely on them.
 */
export const CLI_EXIT = {
  ok: 0,
  /** Network or marketplace failure; retrying may help. */
  failed: 1,
  /** Bad arguments or configuration. */
  usage: 2,
  /** The template, version or region does not exist. */
  notFound: 3,
  /** Refused for safety: bad signature, expired or rolled-back metadata, AMI owner mismatch, archived template. */
  refused: 4,
  internal: 70,
} as const;

export function cliError(code: string, message: string, hint: string, exitCode: number): CwsError {
  return new CwsError(code, message, hint, exitCode);
}
