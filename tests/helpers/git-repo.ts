import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Template } from "../../core/types/generated.js";
import { CORPUS } from "./corpus.js";
import { tempDir } from "./run.js";

/** A real git repository in a temp folder, seeded with the corpus base registry on main. */
export class TempRepo {
  /** `dir` defaults to a fresh temp folder; pass an empty folder to place the clone yourself. */
  constructor(readonly dir = tempDir("cws-git-")) {
    this.git("init", "-q", "-b", "main");
    cpSync(join(CORPUS, "base"), join(this.dir, "registry"), { recursive: true });
    this.write("README.md", "# Registry\n");
    this.commit("seed registry");
  }

  git(...args: string[]): string {
    return execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", ...args], {
      cwd: this.dir,
      encoding: "utf8",
    });
  }

  write(path: string, text: string): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), text);
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), "utf8");
  }

  /** Applies a change to a template.json as parsed JSON, keeping two-space formatting. */
  editJson(path: string, edit: (doc: Template) => void): void {
    const doc = JSON.parse(this.read(path)) as Template;
    edit(doc);
    this.write(path, `${JSON.stringify(doc, null, 2)}\n`);
  }

  commit(message: string): void {
    this.git("add", "-A");
    this.git("commit", "-q", "-m", message);
  }
}
