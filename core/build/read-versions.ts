import fs from "node:fs";
import git from "isomorphic-git";
import type { Template } from "../types/generated.js";
import type { VersionSource } from "./inputs.js";

/**
 * Where past versions come from: the registry's git history. A version's record is the template
 * as the newest commit that still carried that version left it (what the tree published as the
 * latest until the next version replaced it). Git history never changes, so neither does the
 * record once a newer version exists, and any clone of the same commit builds the same bytes.
 * Returns, by template folder, every version seen, newest commit first.
 */
export async function readVersionSources(repoDir: string, templatesPath: string): Promise<Map<string, VersionSource[]>> {
  let log: Awaited<ReturnType<typeof git.log>>;
  try {
    log = await git.log({ fs, dir: repoDir, ref: "HEAD" });
  } catch {
    return new Map();
  }
  const out = new Map<string, VersionSource[]>();
  const seenTree = new Map<string, Set<string>>();
  const seenVersion = new Map<string, Set<string>>();
  for (const entry of log) {
    let tree: Awaited<ReturnType<typeof git.readTree>>["tree"];
    try {
      tree = (await git.readTree({ fs, dir: repoDir, oid: entry.oid, filepath: templatesPath })).tree;
    } catch {
      continue; // the registry did not exist in this commit
    }
    for (const folder of tree) {
      if (folder.type !== "tree") continue;
      const trees = seenTree.get(folder.path) ?? new Set<string>();
      seenTree.set(folder.path, trees);
      if (trees.has(folder.oid)) continue;
      trees.add(folder.oid);
      const template = await templateAt(repoDir, folder.oid);
      if (!template || typeof template.version !== "string") continue;
      const versions = seenVersion.get(folder.path) ?? new Set<string>();
      seenVersion.set(folder.path, versions);
      // The log is newest first, so the first commit seen with a version is its last one.
      if (versions.has(template.version)) continue;
      versions.add(template.version);
      out.set(folder.path, [...(out.get(folder.path) ?? []), { version: template.version, commit: entry.oid, template }]);
    }
  }
  return out;
}

async function templateAt(dir: string, folderOid: string): Promise<Template | undefined> {
  try {
    const { tree } = await git.readTree({ fs, dir, oid: folderOid });
    const file = tree.find((e) => e.path === "template.json");
    if (!file) return undefined;
    const { blob } = await git.readBlob({ fs, dir, oid: file.oid });
    const value = JSON.parse(new TextDecoder().decode(blob)) as unknown;
    return value && typeof value === "object" ? (value as Template) : undefined;
  } catch {
    return undefined; // unreadable or not JSON in that commit: that state was never published
  }
}
