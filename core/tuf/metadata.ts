import { createHash } from "node:crypto";
import { Metadata, MetaFile, type Root, Signature, type Snapshot, type Targets, type Timestamp } from "@tufjs/models";
import { encodeJson } from "./json.js";
import type { SigningKey } from "./keys.js";

/** TUF spec version we write; @tufjs/models accepts any 1.x. */
export const SPEC_VERSION = "1.0.31";

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Signs and serializes one metadata document. Metadata.sign signs the canonical JSON of
 * `signed`, so the indentation and key order of the published file do not affect verification.
 */
export function signMetadata(signed: Root | Targets | Snapshot | Timestamp, key: SigningKey): Uint8Array {
  const metadata = new Metadata(signed);
  metadata.sign((data) => new Signature({ keyID: key.keyId, sig: key.sign(data) }));
  return encodeJson(metadata.toJSON());
}

/**
 * How snapshot and timestamp describe the file below them. Length and hash are optional in the
 * spec; we include them so clients check the exact bytes and size their downloads.
 * Only sha256: tuf-js names hash-prefixed files after the first hash listed.
 */
export function metaFileFor(bytes: Uint8Array, version: number): MetaFile {
  return new MetaFile({ version, length: bytes.length, hashes: { sha256: sha256Hex(bytes) } });
}
