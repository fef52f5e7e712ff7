import { createHash } from "node:crypto";
import { canonicalize } from "./canonical-json.js";
import { encodeJson } from "./json.js";
import type { SigningKey } from "./keys.js";

/** TUF spec version we write; @tufjs/models accepts any 1.x. */
export const SPEC_VERSION = "1.0.31";

/** The fields every signed part of TUF metadata has. */
export interface SignedJson {
  _type: "root" | "targets" | "snapshot" | "timestamp";
  spec_version: string;
  version: number;
  expires: string;
}

/** How snapshot and timestamp describe the file below them. */
export interface MetaFileJson {
  version: number;
  length: number;
  hashes: { sha256: string };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Signs the canonical form of `signed` and serializes the envelope. Clients re-canonicalize the
 * parsed file before verifying, so indentation and key order in the file do not matter to them;
 * we sort keys anyway so the bytes are reproducible.
 */
export function signMetadata<T extends SignedJson>(signed: T, key: SigningKey): Uint8Array {
  const sig = key.sign(new TextEncoder().encode(canonicalize(signed)));
  return encodeJson({ signatures: [{ keyid: key.keyId, sig }], signed });
}

/**
 * Length and hash are optional in the spec; we include them so clients check the exact bytes and
 * bound their downloads. Only sha256: tuf-js names hash-prefixed files after the first hash listed.
 */
export function metaFileFor(bytes: Uint8Array, version: number): MetaFileJson {
  return { version, length: bytes.length, hashes: { sha256: sha256Hex(bytes) } };
}
