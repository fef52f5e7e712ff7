import fs from "node:fs";
import git from "isomorphic-git";
import { resolveCommit } from "../registry/read-changes.js";

/**
 * Every template.json at a base commit, parsed, by folder name, read with isomorphic-git (no
 * git binary needed in CI). Broken JSON at the base counts as absent: the template is "new".
 */
export async function readBaseTemplates(repo: string, baseRef: string, templatesPath: string): Promise<Map<string, unknown>> {
  const oid = await resolveCommit(repo, baseRef);
  const out = new Map<string, unknown>();
  let tree: Awaited<ReturnType<typeof git.readTree>>;
  try {
    tree = await git.readTree({ fs, dir: repo, oid, filepath: templatesPath });
  } catch {
    return out; // No registry at the base: everything is new.
  }
  for (const entry of tree.tree) {
    if (entry.type !== "tree") continue;
    try {
      const { blob } = await git.readBlob({ fs, dir: repo, oid, filepath: `${templatesPath}/${entry.path}/template.json` });
      out.set(entry.path, JSON.parse(new TextDecoder().decode(blob)));
    } catch {
      // Missing or unparsable at the base.
    }
  }
  return out;
}

/** The commit checked out in `repo`, for the image tags; undefined outside git. */
export async function headCommit(repo: string): Promise<string | undefined> {
  try {
    return await git.resolveRef({ fs, dir: repo, ref: "HEAD" });
  } catch {
    return undefined;
  }
}
