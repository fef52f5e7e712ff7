import { allBinNames, binNameFor } from "./delegation.js";
import { TUF_ERROR, tufError } from "./errors.js";
import type { SigningKey } from "./keys.js";
import { SPEC_VERSION, signMetadata } from "./metadata.js";
import { type BinCandidate, isReusableBin, type TargetEntry } from "./previous-bins.js";

export interface SignBinsOptions {
  /** Delegated targets, sorted by path. */
  entries: readonly (readonly [string, TargetEntry])[];
  bitLength: number;
  key: SigningKey;
  /** The release's metadata version; every re-signed bin gets it. */
  version: number;
  /** Expiry of a re-signed bin: the signing time plus the targets lifetime. */
  expires: string;
  /** A previous bin is kept only if it is still valid at this time. */
  reuseValidUntil: Date;
  /** Bins of the previous release that may be kept, by name (see previousBinCandidates). */
  previous?: ReadonlyMap<string, BinCandidate> | undefined;
}

export interface SignedBin {
  name: string;
  version: number;
  bytes: Uint8Array;
  /** True when the previous release's bytes were kept. */
  reused: boolean;
}

/**
 * Signs every bin of a succinct hash-bin delegation, empty ones included (clients look a missing
 * target up in its bin, which must exist). A bin whose targets did not change keeps its exact
 * bytes and version, so a one-template change re-versions, uploads and invalidates only the
 * few bins that hold that template's files; clients re-download only those.
 */
export function signBins(options: SignBinsOptions): SignedBin[] {
  const { bitLength, key, version } = options;
  const byBin = new Map<string, (readonly [string, TargetEntry])[]>(allBinNames(bitLength).map((name) => [name, []]));
  for (const entry of options.entries) byBin.get(binNameFor(entry[0], bitLength))?.push(entry);

  const bins: SignedBin[] = [];
  for (const [name, entries] of byBin) {
    const candidate = options.previous?.get(name);
    if (candidate && isReusableBin(candidate, entries, key, options.reuseValidUntil)) {
      bins.push({ name, version: candidate.version, bytes: candidate.bytes, reused: true });
      continue;
    }
    if (candidate && candidate.version > version) {
      throw tufError(
        TUF_ERROR.versionRollback,
        `${name} version ${candidate.version} is already published; re-signing it as version ${version} would be a rollback`,
        "sign with a higher version (a later commit time or SOURCE_DATE_EPOCH)",
      );
    }
    const bytes = signMetadata({ _type: "targets", spec_version: SPEC_VERSION, version, expires: options.expires, targets: Object.fromEntries(entries) }, key);
    bins.push({ name, version, bytes, reused: false });
  }
  return bins;
}
