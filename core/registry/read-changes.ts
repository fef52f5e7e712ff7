import fs from "node:fs";
import git from "isomorphic-git";
import { CwsError } from "../errors.js";
import type { BaseTemplate, GitChanges } from "./changes.js";
import { EDITORIAL_FILES } from "./snapshot.js";

/**
 * Compares the working tree (what CI checked out, including uncommitted edits) with a base
 * ref using isomorphic-git, and reads the base version of every template's metadata.
 */
export async function readGitChanges(dir: string, baseRef: string, registryRoot: string): Promise<GitChanges> {
  const oid = await resolveCommit(dir, baseRef);
  const matrix = await git.statusMatrix({ fs, dir, ref: oid });
  // Columns: path, in base (0/1), in workdir (0 absent, 1 same as base, 2 different), stage.
  const changedPaths = matrix.filter(([, head, workdir]) => !(head === 1 && workdir === 1)).map(([path]) => path);
  const prefix = registryRoot ? `${registryRoot}/` : "";
  const baseEditorial = new Map<string, unknown>();
  for (const name of EDITORIAL_FILES) {
    const value = await readBaseJson(dir, oid, `${prefix}${name}`);
    if (value !== undefined) baseEditorial.set(name, value);
  }
  const listed = (baseEditorial.get("maintainers.json") as { maintainers?: unknown } | undefined)?.maintainers;
  const baseMaintainers = Array.isArray(listed) ? listed.filter((m): m is string => typeof m === "string").map((m) => m.toLowerCase()) : [];
  return { baseRef, changedPaths, baseTemplates: await readBaseTemplates(dir, oid, `${prefix}templates`), baseEditorial, baseMaintainers };
}

async function readBaseJson(dir: string, oid: string, filepath: string): Promise<unknown> {
  try {
    const { blob } = await git.readBlob({ fs, dir, oid, filepath });
    return JSON.parse(new TextDecoder().decode(blob)) as unknown;
  } catch {
    return undefined; // Absent or broken at the base: nothing to compare with, and no maintainers.
  }
}

// isomorphic-git resolves names and ids; ancestry suffixes (HEAD~2, main^) are walked here.
export async function resolveCommit(dir: string, ref: string): Promise<string> {
  try {
    const [, name = ref, suffix = ""] = /^(.*?)((?:~\d*|\^)*)$/.exec(ref) ?? [];
    let oid = /^[0-9a-f]{4,39}$/i.test(name) ? await git.expandOid({ fs, dir, oid: name }) : await git.resolveRef({ fs, dir, ref: name });
    for (const step of suffix.match(/~\d*|\^/g) ?? []) {
      const count = step === "^" || step === "~" ? 1 : Number(step.slice(1));
      for (let i = 0; i < count; i++) {
        const parent = (await git.readCommit({ fs, dir, oid })).commit.parent[0];
        if (!parent) throw new Error("no parent");
        oid = parent;
      }
    }
    await git.readCommit({ fs, dir, oid }); // A tag or tree id is not a base to compare with.
    return oid;
  } catch {
    throw new CwsError("CWS406", `cannot find base ref "${ref}" in ${dir}`, `fetch it first, e.g. git fetch origin main, or pass --base <commit>`);
  }
}

async function readBaseTemplates(dir: string, oid: string, templatesPath: string): Promise<Map<string, BaseTemplate>> {
  const out = new Map<string, BaseTemplate>();
  let tree: Awaited<ReturnType<typeof git.readTree>>;
  try {
    tree = await git.readTree({ fs, dir, oid, filepath: templatesPath });
  } catch {
    return out; // The registry is new in this change.
  }
  for (const entry of tree.tree) {
    if (entry.type !== "tree") continue;
    const info: BaseTemplate = { folder: entry.path, owners: [] };
    try {
      const { blob } = await git.readBlob({ fs, dir, oid, filepath: `${templatesPath}/${entry.path}/template.json` });
      const doc = JSON.parse(new TextDecoder().decode(blob)) as { version?: unknown; owners?: unknown };
      if (typeof doc.version === "string") info.version = doc.version;
      if (Array.isArray(doc.owners)) info.owners = doc.owners.filter((o): o is string => typeof o === "string");
    } catch {
      // A base template that was already broken has no owners or version to enforce.
    }
    out.set(entry.path, info);
  }
  return out;
}
