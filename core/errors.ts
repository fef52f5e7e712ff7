/**
 * The one error type for expected failures. Its code is stable (documented in docs/rules.md or
 * the CLI docs) and its message says what to do. Anything else that reaches an entry point is
 * a bug and is printed with its stack.
 */
export class CwsError extends Error {
  override readonly name = "CwsError";
  constructor(
    readonly code: string,
    message: string,
    readonly hint = "",
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/**
 * The one exit-code table, for the CLI (`cws --help`, cli/README.md), the scripts and the
 * publishing library alike. Scripts may rely on these numbers.
 */
export const EXIT = {
  ok: 0,
  /** The input has errors (validation failed). */
  invalid: 1,
  /** Network, marketplace or AWS failure; retrying may help. */
  failed: 1,
  /** Bad usage or an environment problem (bad arguments, missing file, unknown git ref). */
  usage: 2,
  /** The template, version, instance or region does not exist. */
  notFound: 3,
  /** Refused for safety: bad signature, expired or rolled-back metadata, AMI owner mismatch, archived template. */
  refused: 4,
  /** An unexpected internal error. */
  internal: 70,
} as const;

export function isCwsError(error: unknown): error is CwsError {
  return error instanceof CwsError;
}
