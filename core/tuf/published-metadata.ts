import { isBinName } from "./delegation.js";

/**
 * The metadata of the release currently published (on S3, or in the last build's dist/), as
 * far as the next build needs it: timestamp.json, the snapshot it names and the bins that
 * snapshot names. The next build keeps unchanged bins byte for byte (see signRelease).
 */
export interface PublishedMetadata {
  timestamp?: Uint8Array;
  snapshot?: Uint8Array;
  /** Bin name (bins-0a) → bytes. */
  bins: Map<string, Uint8Array>;
  /** Every file read, by its name under metadata/ ("timestamp.json", "<v>.snapshot.json", …). */
  files: Map<string, Uint8Array>;
}

/** Reads one file under metadata/ by name; undefined when it does not exist. */
export type ReadMetadataFile = (name: string) => Promise<Uint8Array | undefined>;

/**
 * Follows timestamp.json → `<v>.snapshot.json` → `<bv>.bins-xx.json` through `read`. Nothing is
 * trusted here (the signer verifies what it reuses), but names are: every name read is built
 * from an integer version and a strict bin name, so a hostile snapshot cannot make a caller
 * read or write outside metadata/. Unparsable files end the walk early instead of failing,
 * except that a timestamp is always returned so the signer can report it.
 */
export async function collectPublishedMetadata(read: ReadMetadataFile, concurrency = 8): Promise<PublishedMetadata> {
  const result: PublishedMetadata = { bins: new Map(), files: new Map() };
  const timestamp = await read("timestamp.json");
  if (!timestamp) return result;
  result.timestamp = timestamp;
  result.files.set("timestamp.json", timestamp);

  const snapshotVersion = versionOf(signedPart(timestamp)?.meta, "snapshot.json");
  if (snapshotVersion === undefined) return result;
  const snapshotName = `${snapshotVersion}.snapshot.json`;
  const snapshot = await read(snapshotName);
  if (!snapshot) return result;
  result.snapshot = snapshot;
  result.files.set(snapshotName, snapshot);

  const meta = signedPart(snapshot)?.meta;
  const wanted: [string, string][] = [];
  for (const file of typeof meta === "object" && meta !== null ? Object.keys(meta) : []) {
    const name = file.replace(/\.json$/, "");
    const version = versionOf(meta, file);
    if (file.endsWith(".json") && isBinName(name) && version !== undefined) wanted.push([name, `${version}.${name}.json`]);
  }
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const [name, fileName] = wanted[next++] as [string, string];
      const bytes = await read(fileName);
      if (!bytes) continue;
      result.bins.set(name, bytes);
      result.files.set(fileName, bytes);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, wanted.length)) }, worker));
  return result;
}

function signedPart(bytes: Uint8Array): { meta?: unknown } | undefined {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { signed?: { meta?: unknown } };
    return typeof parsed?.signed === "object" && parsed.signed !== null ? parsed.signed : undefined;
  } catch {
    return undefined;
  }
}

function versionOf(meta: unknown, file: string): number | undefined {
  if (typeof meta !== "object" || meta === null || !Object.hasOwn(meta, file)) return undefined;
  const version = (meta as Record<string, { version?: unknown } | undefined>)[file]?.version;
  return typeof version === "number" && Number.isSafeInteger(version) && version > 0 ? version : undefined;
}
