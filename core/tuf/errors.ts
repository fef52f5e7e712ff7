import { CwsError, EXIT } from "../errors.js";

/**
 * Stable codes for signing failures. They are environment problems (wrong or missing keys, a
 * bad root.json), not registry content errors, so they exit with EXIT.usage like other setup
 * errors. Messages may name files, env vars and key ids, never key material.
 */
export const TUF_ERROR = {
  /** A private key could not be parsed or is not Ed25519. */
  keyInvalid: "TUF_KEY_INVALID",
  /** A private key is not the one root.json trusts for its role. */
  keyMismatch: "TUF_KEY_MISMATCH",
  /** Some, but not all, signing keys are configured. */
  keysMissing: "TUF_KEYS_MISSING",
  /** root.json is unreadable, malformed, not self-signed or unusable for signing. */
  rootInvalid: "TUF_ROOT_INVALID",
  /** Published metadata (timestamp.json, a snapshot) is missing or inconsistent. */
  metadataInvalid: "TUF_METADATA_INVALID",
  /** A target path cannot be published (outside the tree, reserved, unsafe in a URL). */
  targetPath: "TUF_TARGET_PATH",
  /** A version would go backwards, which every client would reject as a rollback. */
  versionRollback: "TUF_VERSION_ROLLBACK",
  /** An option or env var has an invalid value. */
  config: "TUF_CONFIG",
} as const;

export type TufErrorCode = (typeof TUF_ERROR)[keyof typeof TUF_ERROR];

export function tufError(code: TufErrorCode, message: string, hint = ""): CwsError {
  return new CwsError(code, message, hint, EXIT.usage);
}
