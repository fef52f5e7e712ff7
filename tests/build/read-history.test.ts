import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readHistory } from "../../core/build/read-history.js";
import { TempRepo } from "../helpers/git-repo.js";
import { tempDir } from "../helpers/run.js";

const EX = "registry/templates/example-workstation/template.json";

function commitAt(repo: TempRepo, message: string, epoch: number) {
  repo.git("add", "-A");
  const date = `@${epoch} +0000`;
  execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", message], {
    cwd: repo.dir,
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
}

describe("readHistory (real repositories)", () => {
  it("records each version with the commit that introduced it, and the last change", async () => {
    const repo = new TempRepo();
    repo.editJson(EX, (t) => {
      t.version = "1.3.0";
    });
    commitAt(repo, "bump", 1_790_000_000);
    repo.editJson(EX, (t) => {
      t.description = "Same version, new words for the corpus example template.";
    });
    commitAt(repo, "reword", 1_790_100_000);
    repo.write("registry/templates/parent-stack/README.md", `${repo.read("registry/templates/parent-stack/README.md")}\nMore.\n`);
    commitAt(repo, "touch parent", 1_790_200_000);

    const { history, headTime, shallow } = await readHistory(repo.dir, "registry/templates");
    expect(shallow).toBe(false);
    expect(headTime).toBe("2026-09-23T21:46:40Z");
    const ex = history.get("example-workstation");
    expect(ex?.lastUpdated).toBe("2026-09-22T18:00:00Z");
    expect(ex?.versions.map((v) => v.version)).toEqual(["1.3.0", "1.2.0"]);
    expect(ex?.versions[0]?.date).toBe("2026-09-21T14:13:20Z");
    expect(ex?.complete).toBe(true);
    expect(history.get("parent-stack")?.lastUpdated).toBe("2026-09-23T21:46:40Z");
  });

  it("marks histories cut off by a shallow clone as incomplete", async () => {
    const repo = new TempRepo();
    repo.editJson(EX, (t) => {
      t.version = "1.3.0";
    });
    commitAt(repo, "bump", 1_790_000_000);
    const clone = join(tempDir(), "shallow");
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${repo.dir}`, clone]);
    const { history, shallow } = await readHistory(clone, "registry/templates");
    expect(shallow).toBe(true);
    expect(history.get("example-workstation")?.complete).toBe(false);
    expect(history.get("example-workstation")?.versions.map((v) => v.version)).toEqual(["1.3.0"]);
  });

  it("returns no history outside git", async () => {
    expect((await readHistory(tempDir(), "registry/templates")).history.size).toBe(0);
  });
});
