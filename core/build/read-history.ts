import fs from "node:fs";
import { join } from "node:path";
import git from "isomorphic-git";
import type { TemplateHistory, VersionEvent } from "./inputs.js";

export interface RepoHistory {
  history: Map<string, TemplateHistory>;
  /** Committer time of HEAD (RFC 3339), or undefined outside git. */
  headTime?: string;
  shallow: boolean;
}

interface Change {
  commit: string;
  date: string;
  version?: string;
}

/**
 * Walks the commit log once (isomorphic-git) and, for every commit, compares the tree of each
 * template folder with the first parent's, so the cost grows with commits × changed folders
 * rather than commits × templates. In a shallow clone the walk stops at the boundary and the
 * affected histories are marked incomplete.
 */
export async function readHistory(repoDir: string, templatesPath: string): Promise<RepoHistory> {
  let log: Awaited<ReturnType<typeof git.log>>;
  try {
    log = await git.log({ fs, dir: repoDir, ref: "HEAD" });
  } catch {
    return { history: new Map(), shallow: false };
  }
  const shallow = fs.existsSync(join(repoDir, ".git", "shallow"));
  const folderCache = new Map<string, Map<string, string>>();
  const folders = async (oid: string) => {
    let map = folderCache.get(oid);
    if (!map) {
      map = new Map();
      try {
        const { tree } = await git.readTree({ fs, dir: repoDir, oid, filepath: templatesPath });
        for (const e of tree) if (e.type === "tree") map.set(e.path, e.oid);
      } catch {
        // The registry did not exist in this commit.
      }
      folderCache.set(oid, map);
    }
    return map;
  };
  const known = new Set(log.map((c) => c.oid));
  const changes = new Map<string, Change[]>();
  // Commits whose parent was cut off by a shallow clone: changes seen there may be older.
  const boundary = new Set<string>();

  for (const entry of log) {
    const parent = entry.commit.parent[0];
    const now = await folders(entry.oid);
    const before = parent && known.has(parent) ? await folders(parent) : new Map<string, string>();
    if (parent && !known.has(parent)) boundary.add(entry.oid);
    for (const [folder, treeOid] of now) {
      if (before.get(folder) === treeOid) continue;
      const list = changes.get(folder) ?? [];
      list.push({ commit: entry.oid, date: isoSeconds(entry.commit.committer.timestamp), ...(await versionAt(repoDir, treeOid)) });
      changes.set(folder, list);
    }
  }

  const history = new Map<string, TemplateHistory>();
  for (const [folder, list] of changes) {
    const oldest = list.at(-1);
    history.set(folder, { lastUpdated: list[0]?.date ?? "", versions: versionEvents(list), complete: !oldest || !boundary.has(oldest.commit) });
  }
  const head = log[0];
  return { history, shallow: shallow || boundary.size > 0, ...(head ? { headTime: isoSeconds(head.commit.committer.timestamp) } : {}) };
}

async function versionAt(dir: string, folderOid: string): Promise<{ version?: string }> {
  try {
    const { tree } = await git.readTree({ fs, dir, oid: folderOid });
    const file = tree.find((e) => e.path === "template.json");
    if (!file) return {};
    const { blob } = await git.readBlob({ fs, dir, oid: file.oid });
    const version = (JSON.parse(new TextDecoder().decode(blob)) as { version?: unknown }).version;
    return typeof version === "string" ? { version } : {};
  } catch {
    return {};
  }
}

/** Each version with the oldest commit that carried it, newest first. */
function versionEvents(newestFirst: Change[]): VersionEvent[] {
  const events: VersionEvent[] = [];
  let previous: string | undefined;
  for (const change of [...newestFirst].reverse()) {
    if (!change.version || change.version === previous) continue;
    events.push({ version: change.version, date: change.date, commit: change.commit });
    previous = change.version;
  }
  return events.reverse();
}

function isoSeconds(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}
