import { createHash, generateKeyPairSync } from "node:crypto";
import { Key, Metadata, MetadataKind } from "@tufjs/models";
import { describe, expect, it } from "vitest";
import { CwsError } from "../../core/errors.js";
import { canonicalize } from "../../core/tuf/canonical-json.js";
import { generateSigningKey, keyIdOf, loadSigningKey } from "../../core/tuf/keys.js";
import { signMetadata } from "../../core/tuf/metadata.js";

describe("canonical JSON", () => {
  it("sorts keys, drops whitespace and escapes only backslash and quote", () => {
    expect(canonicalize({ b: 1, a: 'x"y\\z', é: [true, null, "\n"], "10": {}, "9": [] })).toBe('{"10":{},"9":[],"a":"x\\"y\\\\z","b":1,"é":[true,null,"\n"]}');
    expect(() => canonicalize({ a: 1.5 })).toThrow(/integers/);
  });
});

describe("signing keys", () => {
  it("derives the public key object and the spec key id", () => {
    const { key, privateKeyPem } = generateSigningKey();
    expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(key.publicKey.keytype).toBe("ed25519");
    expect(key.publicKey.scheme).toBe("ed25519");
    expect(key.publicKey.keyval.public).toMatch(/^[0-9a-f]{64}$/);
    const canonical = `{"keytype":"ed25519","keyval":{"public":"${key.publicKey.keyval.public}"},"scheme":"ed25519"}`;
    expect(key.keyId).toBe(createHash("sha256").update(canonical).digest("hex"));
    expect(keyIdOf(key.publicKey)).toBe(key.keyId);
  });

  it("produces signatures @tufjs/models verifies, deterministically", () => {
    const { key } = generateSigningKey();
    const signed = {
      _type: "timestamp" as const,
      spec_version: "1.0.31",
      version: 7,
      expires: "2030-01-01T00:00:00Z",
      meta: { "snapshot.json": { version: 3 } },
    };
    const bytes = signMetadata(signed, key);
    expect(signMetadata(signed, key)).toEqual(bytes);
    const metadata = Metadata.fromJSON(MetadataKind.Timestamp, JSON.parse(new TextDecoder().decode(bytes)));
    const tufKey = Key.fromJSON(key.keyId, { ...key.publicKey });
    expect(() => tufKey.verifySignature(metadata)).not.toThrow();
    const other = generateSigningKey().key;
    expect(() => Key.fromJSON(key.keyId, { ...other.publicKey }).verifySignature(metadata)).toThrow();
  });

  it("loads PEM, base64 of PEM, and PEM with escaped newlines as the same key", () => {
    const { key, privateKeyPem } = generateSigningKey();
    expect(loadSigningKey(privateKeyPem, "pem").keyId).toBe(key.keyId);
    expect(loadSigningKey(Buffer.from(privateKeyPem).toString("base64"), "b64").keyId).toBe(key.keyId);
    expect(loadSigningKey(privateKeyPem.trim().replaceAll("\n", "\\n"), "escaped").keyId).toBe(key.keyId);
  });

  it("never shows key material when serialized or inspected", () => {
    const { key, privateKeyPem } = generateSigningKey();
    const body = privateKeyPem.split("\n")[1] ?? "";
    expect(JSON.stringify(key)).not.toContain(body);
    expect(String(Object.values(key))).not.toContain(body);
  });

  it.each([
    ["garbage", "not a key at all"],
    ["a truncated PEM", "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2Vw\n-----END PRIVATE KEY-----"],
    ["an RSA key", generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ format: "pem", type: "pkcs8" }).toString()],
    ["a public key", generateKeyPairSync("ed25519").publicKey.export({ format: "pem", type: "spki" }).toString()],
  ])("rejects %s with TUF_KEY_INVALID and without echoing it", (_, input) => {
    let error: unknown;
    try {
      loadSigningKey(input, "CWS_TUF_TARGETS_KEY");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CwsError);
    const { code, message, hint } = error as CwsError;
    expect(code).toBe("TUF_KEY_INVALID");
    expect(message).toContain("CWS_TUF_TARGETS_KEY");
    const secretLine = input.split("\n").find((line) => line.length > 20 && !line.startsWith("-----")) ?? input;
    expect(`${message} ${hint}`).not.toContain(secretLine);
  });
});
