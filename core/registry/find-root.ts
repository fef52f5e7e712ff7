import fs from "node:fs";
import { relative, resolve, sep } from "node:path";
import git from "isomorphic-git";

/** The git work tree containing a path, and the path relative to it (POSIX, "" for the root). */
export async function findRepoRoot(path: string): Promise<{ repo: string; relative: string } | undefined> {
  const abs = resolve(path);
  try {
    const repo = await git.findRoot({ fs, filepath: abs });
    return { repo, relative: relative(repo, abs).split(sep).join("/") };
  } catch {
    return undefined;
  }
}
