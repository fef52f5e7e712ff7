import { collectPublishedMetadata, type PublishedMetadata } from "../../../core/tuf/published-metadata.js";

const encode = (text: string) => new TextEncoder().encode(text);

/**
 * A tree big enough to be split over several bins: a catalog, and `templates` templates with the
 * per-template files a real build publishes. `changed` templates get different content.
 */
export function manyTargets(templates: number, changed: readonly number[] = []): Map<string, Uint8Array> {
  const targets = new Map<string, Uint8Array>([
    ["indexes/catalog.json", encode(`{"templates":${templates},"changed":${JSON.stringify(changed)}}\n`)],
    [".well-known/cws-marketplace.json", encode('{"metadata":"metadata/","targets":""}\n')],
  ]);
  for (let i = 0; i < templates; i++) {
    const edit = changed.includes(i) ? "-edited" : "";
    targets.set(`templates/t-${i}/metadata.json`, encode(`{"id":"t-${i}${edit}"}\n`));
    targets.set(`templates/t-${i}/documentation.md`, encode(`# t-${i}\n`));
    targets.set(`api/v1/marketplace/templates/t-${i}/index.json`, encode(`{"id":"t-${i}${edit}"}\n`));
  }
  return targets;
}

/** What the next build would read back from a tree signed into `files` (its metadata/ files). */
export function publishedFrom(files: ReadonlyMap<string, Uint8Array>): Promise<PublishedMetadata> {
  return collectPublishedMetadata(async (name) => files.get(`metadata/${name}`));
}

/** Bin name → [version, bytes] of every bin file in a signed tree. */
export function binFiles(files: ReadonlyMap<string, Uint8Array>): Map<string, [number, Uint8Array]> {
  const bins = new Map<string, [number, Uint8Array]>();
  for (const [path, bytes] of files) {
    const match = /^metadata\/(\d+)\.(bins-[0-9a-f]+)\.json$/.exec(path);
    if (match) bins.set(match[2] as string, [Number(match[1]), bytes]);
  }
  return bins;
}
