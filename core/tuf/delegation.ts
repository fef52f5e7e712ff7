import { createHash } from "node:crypto";
import type { SigningKey } from "./keys.js";

/**
 * How the targets of a tree are split between top-level targets.json and TUF succinct hash-bin
 * delegations (TAP 15). Pure: the answers depend only on paths and counts, so the signer, the
 * reader of previous metadata and the tests agree.
 */

/** Bins are named `<prefix>-<hex index>` (bins-00 … bins-ff) and stored as `<V>.bins-xx.json`. */
export const BIN_NAME_PREFIX = "bins";

/**
 * Target of the bit_length rule: the expected number of targets in one bin. tuf-js parses and
 * re-serializes metadata maps quadratically (measured: a 512-target bin costs ~20 ms to load,
 * 1,024 ~125 ms, 2,048 ~650 ms), and the snapshot, which every command loads, grows with the
 * number of bins the same way. Up to ~1,024 per bin keeps both small from 60k to 1M targets.
 */
export const MAX_TARGETS_PER_BIN = 1024;

/**
 * 2^10 bins hold a million targets at the rule's target size. More bins would make the snapshot
 * itself the slow file every command pays for, so past the cap bins simply grow.
 */
export const MAX_BIT_LENGTH = 10;

/**
 * True for the small set of targets listed in top-level targets.json: the indexes and discovery
 * files, which every `cws marketplace` command may read before it knows a template id. Everything
 * else (per-template files, site pages) is delegated to hash bins, so a client that only
 * searches never loads a bin.
 */
export function isTopLevelTarget(path: string): boolean {
  return path.startsWith("indexes/") || path.startsWith(".well-known/");
}

/**
 * The smallest bit_length ≥ 1 whose bins hold at most MAX_TARGETS_PER_BIN targets on average,
 * capped at MAX_BIT_LENGTH. Hashing spreads paths evenly, so the fullest bin is only a little
 * above the average.
 */
export function chooseBitLength(delegatedTargets: number): number {
  let bitLength = 1;
  while (bitLength < MAX_BIT_LENGTH && delegatedTargets > MAX_TARGETS_PER_BIN * 2 ** bitLength) bitLength++;
  return bitLength;
}

/** Hex digits in a bin name: enough for the last bin's index (TAP 15). */
function suffixLength(bitLength: number): number {
  return (2 ** bitLength - 1).toString(16).length;
}

/**
 * The bin responsible for `path`: the first `bitLength` bits of sha256(path) as a zero-padded
 * hex index, exactly as clients compute it (@tufjs/models SuccinctRoles.getRoleForTarget).
 */
export function binNameFor(path: string, bitLength: number): string {
  const index = createHash("sha256").update(path, "utf8").digest().readUInt32BE(0) >>> (32 - bitLength);
  return binName(index, bitLength);
}

/** Every bin name for a bit length, in index order. */
export function allBinNames(bitLength: number): string[] {
  return Array.from({ length: 2 ** bitLength }, (_, index) => binName(index, bitLength));
}

function binName(index: number, bitLength: number): string {
  return `${BIN_NAME_PREFIX}-${index.toString(16).padStart(suffixLength(bitLength), "0")}`;
}

/**
 * True for a name our signer could have given a bin. Previous metadata is read from disk or S3
 * and its names become file names, so anything else (a path, "..") is refused.
 */
export function isBinName(name: string): boolean {
  return new RegExp(`^${BIN_NAME_PREFIX}-[0-9a-f]{1,${suffixLength(MAX_BIT_LENGTH)}}$`).test(name);
}

/**
 * The `delegations` object of top-level targets.json. Bins are signed with the online targets
 * key, so CI needs no new secret; a threshold of one matches the top-level roles.
 */
export function succinctDelegations(key: SigningKey, bitLength: number) {
  return {
    keys: { [key.keyId]: key.publicKey },
    succinct_roles: { keyids: [key.keyId], threshold: 1, bit_length: bitLength, name_prefix: BIN_NAME_PREFIX },
  };
}
