import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";
import { canonicalize } from "./canonical-json.js";
import { TUF_ERROR, tufError } from "./errors.js";

/** The public key object as it appears in root.json under "keys". */
export interface TufPublicKey {
  keytype: "ed25519";
  scheme: "ed25519";
  keyval: { public: string };
}

/**
 * A private key that can only sign. The KeyObject stays inside the closure, so logging or
 * serializing a SigningKey shows the key id and public key, never the private material.
 */
export interface SigningKey {
  readonly keyId: string;
  readonly publicKey: TufPublicKey;
  /** Ed25519 signature of data, hex-encoded as TUF signatures are. Deterministic. */
  sign(data: Uint8Array): string;
}

export interface GeneratedKey {
  key: SigningKey;
  /** PKCS#8 PEM. Handle with care: write it to a 0600 file or a secret store, never a log. */
  privateKeyPem: string;
}

export function generateSigningKey(): GeneratedKey {
  const { privateKey } = generateKeyPairSync("ed25519");
  return { key: signingKeyFrom(privateKey), privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString() };
}

/**
 * Parses a PKCS#8 PEM Ed25519 private key. CI secret stores mangle multi-line values, so base64
 * of the PEM and PEMs with literal "\n" sequences are accepted too. `label` names the source
 * (file or env var) in errors; the text itself is never echoed.
 */
export function loadSigningKey(text: string, label: string): SigningKey {
  const pem = toPem(text);
  if (pem === undefined) {
    throw tufError(
      TUF_ERROR.keyInvalid,
      `${label} is not a PEM private key`,
      "expected a PKCS#8 PEM Ed25519 key or the base64 of one (npm run keys -- --print-env)",
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch {
    // The parser's message is dropped on purpose: it is not useful and we never risk echoing input.
    throw tufError(TUF_ERROR.keyInvalid, `${label} could not be parsed as a private key`, "expected a PKCS#8 PEM Ed25519 key or the base64 of one");
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw tufError(
      TUF_ERROR.keyInvalid,
      `${label} is a ${key.asymmetricKeyType ?? "unknown"} key; TUF signing here uses Ed25519`,
      "generate keys with npm run keys",
    );
  }
  return signingKeyFrom(key);
}

/** Key id per the TUF spec: sha256 of the canonical JSON of the public key object. */
export function keyIdOf(publicKey: TufPublicKey): string {
  return createHash("sha256").update(canonicalize(publicKey)).digest("hex");
}

/**
 * Checks an Ed25519 signature (hex, as TUF stores it) over `data` with a TUF public key. False
 * for anything malformed: callers use it to decide whether to trust bytes, never to explain why.
 */
export function verifySignature(publicKey: TufPublicKey, data: Uint8Array, signatureHex: string): boolean {
  if (publicKey.keytype !== "ed25519" || !/^[0-9a-f]{128}$/.test(signatureHex) || !/^[0-9a-f]{64}$/.test(publicKey.keyval.public)) return false;
  const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(publicKey.keyval.public, "hex").toString("base64url") }, format: "jwk" });
  return verify(null, data, key, Buffer.from(signatureHex, "hex"));
}

function signingKeyFrom(privateKey: KeyObject): SigningKey {
  const jwk = privateKey.export({ format: "jwk" });
  if (typeof jwk.x !== "string") throw new Error("Ed25519 key without a public part");
  const publicKey: TufPublicKey = { keytype: "ed25519", scheme: "ed25519", keyval: { public: Buffer.from(jwk.x, "base64url").toString("hex") } };
  return {
    keyId: keyIdOf(publicKey),
    publicKey,
    sign: (data) => sign(null, data, privateKey).toString("hex"),
  };
}

const PEM_BEGIN = "-----BEGIN ";

function toPem(text: string): string | undefined {
  const trimmed = text.trim().replaceAll("\\n", "\n");
  if (trimmed.startsWith(PEM_BEGIN)) return trimmed;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(trimmed)) return undefined;
  const decoded = Buffer.from(trimmed, "base64").toString("utf8").trim();
  return decoded.startsWith(PEM_BEGIN) ? decoded : undefined;
}
