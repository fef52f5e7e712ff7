import fs from "node:fs";
import { mkdir, readdir, rm, rmdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import git, { type AuthCallback, type HttpClient } from "isomorphic-git";
import nodeHttp from "isomorphic-git/http/node";
import type { Report } from "../diagnostics/summary.js";
import { CwsError, EXIT, isCwsError } from "../errors.js";
import { validateRegistryDir } from "../validate/validate-dir.js";
import type { ValidationResult } from "../validate/validate-registry.js";
import { unifiedDiff } from "./diff.js";
import { type PublishingSettings, redact } from "./settings.js";
import type { RegistryChange, RegistryFiles } from "./types.js";

type WorkspaceSettings = Pick<PublishingSettings, "registryRepo" | "registryBranch" | "registryPath" | "token" | "workspaceDir" | "actor">;

export interface WorkspaceOptions {
  settings: WorkspaceSettings;
  onProgress?: (message: string) => void;
  /** isomorphic-git's HTTP client; tests may wrap it. */
  http?: HttpClient;
}

export interface StagedChange {
  branch: string;
  /** Repository-relative paths written. */
  paths: string[];
  /** Unified diff of every file written, against the base. */
  diff: string;
  /** The CI validation (`--base origin/<branch> --actor <caller>`) of the workspace with the change written. */
  report: ValidationResult & Report;
  errors: number;
}

export interface Author {
  name: string;
  email: string;
}

/** A lock older than this is from a crashed run and is taken over. */
const STALE_LOCK_MS = 30 * 60_000;

/**
 * The CLI's clone of the registry, managed with isomorphic-git over HTTP(S): clone or fetch,
 * reset to the remote base branch, branch, write, validate, commit, push. Every failure leaves
 * the clone on the base branch with no local changes, so the next command starts clean. The
 * token is only ever handed to isomorphic-git's onAuth, and is removed from every message.
 */
export class RegistryWorkspace {
  private constructor(
    readonly dir: string,
    readonly settings: WorkspaceSettings,
    /** The remote base branch's commit this workspace was reset to. */
    readonly baseOid: string,
    private readonly http: HttpClient,
    private readonly lockFile: string,
  ) {}

  get registryDir(): string {
    return join(this.dir, this.settings.registryPath);
  }

  /** The base ref as the validator and the pull request name it. */
  get baseRef(): string {
    return `origin/${this.settings.registryBranch}`;
  }

  /** Clones the registry (first use) or fetches its base branch, then resets the clone to it. */
  static async open(options: WorkspaceOptions): Promise<RegistryWorkspace> {
    const { settings } = options;
    const dir = settings.workspaceDir;
    const http = options.http ?? nodeHttp;
    const progress = options.onProgress ?? (() => {});
    const lockFile = `${dir}.lock`;
    await mkdir(dirname(dir), { recursive: true });
    takeLock(lockFile);
    try {
      const auth = authCallbacks(settings.token);
      const branch = settings.registryBranch;
      if (!fs.existsSync(join(dir, ".git"))) {
        await rm(dir, { recursive: true, force: true });
        progress(`cloning ${settings.registryRepo}`);
        try {
          await git.clone({ fs, http, dir, url: settings.registryRepo, ref: branch, singleBranch: true, noTags: true, ...auth });
        } catch (error) {
          await rm(dir, { recursive: true, force: true });
          throw gitError(error, `clone ${settings.registryRepo}`, settings.token);
        }
      } else {
        progress(`fetching ${settings.registryRepo} ${branch}`);
        await git.setConfig({ fs, dir, path: "remote.origin.url", value: settings.registryRepo });
        try {
          await git.fetch({ fs, http, dir, remote: "origin", ref: branch, singleBranch: true, tags: false, ...auth });
        } catch (error) {
          throw gitError(error, `fetch ${settings.registryRepo}`, settings.token);
        }
      }
      let baseOid: string;
      try {
        baseOid = await git.resolveRef({ fs, dir, ref: `refs/remotes/origin/${branch}` });
      } catch {
        throw new CwsError(
          "NO_BASE_BRANCH",
          `the registry has no branch "${branch}"`,
          "pass --registry-branch with the branch pull requests go to",
          EXIT.usage,
        );
      }
      const ws = new RegistryWorkspace(dir, settings, baseOid, http, lockFile);
      await ws.reset();
      return ws;
    } catch (error) {
      releaseLock(lockFile);
      throw error;
    }
  }

  /** Releases the lock; the clone stays for the next command. */
  close(): void {
    releaseLock(this.lockFile);
  }

  /** Every template.json and README.md, plus categories.json and featured.json, at the base commit. */
  async readRegistry(): Promise<RegistryFiles> {
    const files = new Map<string, string>();
    const root = this.settings.registryPath;
    const decoder = new TextDecoder();
    const read = async (path: string) => {
      try {
        const { blob } = await git.readBlob({ fs, dir: this.dir, oid: this.baseOid, filepath: root ? `${root}/${path}` : path });
        files.set(path, decoder.decode(blob));
      } catch {
        // Absent at the base: that is what the operations need to know.
      }
    };
    await read("categories.json");
    await read("featured.json");
    let entries: { path: string; type: string }[] = [];
    try {
      entries = (await git.readTree({ fs, dir: this.dir, oid: this.baseOid, filepath: root ? `${root}/templates` : "templates" })).tree;
    } catch {
      // A registry without templates yet.
    }
    for (const entry of entries.filter((e) => e.type === "tree")) {
      await read(`templates/${entry.path}/template.json`);
      await read(`templates/${entry.path}/README.md`);
    }
    return files;
  }

  /**
   * Creates the branch at the base, writes the change and runs CI's validation on it. The caller
   * commits and pushes when there are no errors, or calls reset().
   */
  async stage(change: RegistryChange, branch: string, registry: RegistryFiles): Promise<StagedChange> {
    await git.branch({ fs, dir: this.dir, ref: branch, object: this.baseOid, checkout: true, force: true });
    const paths: string[] = [];
    const diffs: string[] = [];
    for (const file of change.files) {
      const repoPath = this.repoPath(file.path);
      await mkdir(dirname(join(this.dir, repoPath)), { recursive: true });
      await writeFile(join(this.dir, repoPath), file.text);
      paths.push(repoPath);
      diffs.push(unifiedDiff(repoPath, registry.get(file.path), file.text));
    }
    const report = await validateRegistryDir(this.registryDir, { base: this.baseRef, actor: this.settings.actor });
    const errors = report.diagnostics.filter((d) => d.severity === "error").length;
    return { branch, paths, diff: diffs.join(""), report, errors };
  }

  /** Commits the staged paths on the branch; returns the commit id. */
  async commit(staged: StagedChange, message: string, author: Author, now = new Date()): Promise<string> {
    for (const filepath of staged.paths) await git.add({ fs, dir: this.dir, filepath });
    const timestamp = Math.floor(now.getTime() / 1000);
    const who = { ...author, timestamp, timezoneOffset: 0 };
    return git.commit({ fs, dir: this.dir, message, author: who, committer: who });
  }

  /** Pushes the branch. When the server refuses it, the clone is reset to the base and the error says why. */
  async push(branch: string): Promise<void> {
    try {
      await git.push({ fs, http: this.http, dir: this.dir, remote: "origin", ref: branch, remoteRef: branch, ...authCallbacks(this.settings.token) });
    } catch (error) {
      await this.reset();
      throw gitError(error, `push ${branch} to ${this.settings.registryRepo}`, this.settings.token);
    }
  }

  /**
   * Back to the base commit on the base branch: tracked files restored, files the change wrote
   * removed, empty template folders deleted, and the local cws/* branches dropped.
   */
  async reset(): Promise<void> {
    const branch = this.settings.registryBranch;
    await git.writeRef({ fs, dir: this.dir, ref: `refs/heads/${branch}`, value: this.baseOid, force: true });
    await git.checkout({ fs, dir: this.dir, ref: branch, force: true });
    const matrix = await git.statusMatrix({ fs, dir: this.dir });
    const restore: string[] = [];
    for (const [filepath, head, workdir, stage] of matrix) {
      if (head === 0) {
        await rm(join(this.dir, filepath), { force: true });
        if (stage !== 0) await git.remove({ fs, dir: this.dir, filepath });
      } else if (workdir !== 1 || stage !== 1) restore.push(filepath);
    }
    if (restore.length > 0) await git.checkout({ fs, dir: this.dir, ref: branch, force: true, filepaths: restore });
    await removeEmptyDirs(join(this.registryDir, "templates"));
    for (const local of await git.listBranches({ fs, dir: this.dir })) {
      if (local.startsWith("cws/")) await git.deleteBranch({ fs, dir: this.dir, ref: local });
    }
  }

  /** Paths that differ from the base commit (empty when the clone is clean). */
  async dirtyPaths(): Promise<string[]> {
    const matrix = await git.statusMatrix({ fs, dir: this.dir, ref: this.baseOid });
    return matrix.filter(([, head, workdir, stage]) => !(head === 1 && workdir === 1 && stage === 1)).map(([path]) => path);
  }

  private repoPath(registryPath: string): string {
    if (registryPath.split("/").some((s) => s === ".." || s === "")) {
      throw new CwsError("BAD_PATH", `refusing to write ${registryPath}`, "this is a bug in the publishing code", EXIT.failed);
    }
    return this.settings.registryPath ? `${this.settings.registryPath}/${registryPath}` : registryPath;
  }
}

function authCallbacks(token: string | undefined): { onAuth?: AuthCallback; onAuthFailure?: AuthCallback } {
  if (!token) return {};
  // GitHub accepts any username with a token as the password; x-access-token also suits app tokens.
  return { onAuth: () => ({ username: "x-access-token", password: token }), onAuthFailure: () => ({ cancel: true }) };
}

async function removeEmptyDirs(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const full = join(dir, name);
    if (!fs.lstatSync(full).isDirectory()) continue;
    await removeEmptyDirs(full);
    if ((await readdir(full)).length === 0) await rmdir(full);
  }
}

function takeLock(file: string): void {
  try {
    fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const age = Date.now() - fs.statSync(file).mtimeMs;
    if (age < STALE_LOCK_MS) {
      throw new CwsError(
        "WORKSPACE_BUSY",
        "another cws command is using the registry workspace",
        `wait for it to finish; if none is running, delete ${file}`,
        EXIT.failed,
      );
    }
    fs.writeFileSync(file, `${process.pid}\n`);
  }
}

function releaseLock(file: string): void {
  fs.rmSync(file, { force: true });
}

/** isomorphic-git errors as CwsErrors with stable codes; the token never appears in them. */
export function gitError(error: unknown, action: string, token: string | undefined): CwsError {
  if (isCwsError(error)) return new CwsError(error.code, redact(error.message, [token]), redact(error.hint, [token]), error.exitCode);
  const e = error as { code?: string; message?: string; data?: { statusCode?: number; response?: string; prettyDetails?: string; reason?: string } };
  const say = (text: string) => redact(text, [token]);
  const detail = say(e.message ?? String(error));
  switch (e.code) {
    case "GitPushError":
      return new CwsError(
        "PUSH_REJECTED",
        say(`the registry refused the push (${action}): ${(e.data?.prettyDetails ?? detail).trim()}`),
        "nothing was published and your workspace is back on the base branch; fix what the server said and retry",
        EXIT.failed,
      );
    case "PushRejectedError":
      return new CwsError(
        "PUSH_REJECTED",
        say(`the registry refused the push (${action}): ${e.data?.reason ?? detail}`),
        "the branch already exists on the registry with other commits; retry, which uses a new branch name",
        EXIT.failed,
      );
    case "UserCanceledError":
      return new CwsError(
        "AUTH_FAILED",
        `the registry rejected the token (${say(action)})`,
        "check CWS_REGISTRY_TOKEN (or GITHUB_TOKEN): it needs write access to the registry repository",
        EXIT.failed,
      );
    case "HttpError": {
      const status = e.data?.statusCode;
      if (status === 401) {
        return new CwsError(
          "AUTH_REQUIRED",
          `the registry asks for credentials (${say(action)})`,
          "set CWS_REGISTRY_TOKEN (or GITHUB_TOKEN) to a token with write access to the registry repository",
          EXIT.failed,
        );
      }
      if (status === 403) {
        return new CwsError(
          "PUSH_FORBIDDEN",
          say(`the registry forbids this (${action}): HTTP 403 ${(e.data?.response ?? "").trim().slice(0, 200)}`.trim()),
          "check that the token has write access; to publish without it, push from a fork and open the pull request there",
          EXIT.failed,
        );
      }
      if (status === 404) {
        return new CwsError("REGISTRY_NOT_FOUND", say(`no git repository at ${action}`), "check --registry-repo (or CWS_REGISTRY_REPO)", EXIT.failed);
      }
      return new CwsError("GIT_HTTP_ERROR", say(`${action} failed: ${detail}`), "retry; if it persists, check the registry URL", EXIT.failed);
    }
    default:
      return new CwsError("GIT_FAILED", say(`${action} failed: ${detail}`), "check the network and the registry URL, then retry", EXIT.failed);
  }
}
