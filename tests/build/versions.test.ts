import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildTree } from "../../core/build/build-tree.js";
import { readBuildInputs } from "../../core/build/read-inputs.js";
import { templateVersionPath, templateVersionsPath } from "../../core/spec/layout.js";
import { parseVersionRecord, parseVersionsIndex, versionSupport } from "../../core/spec/versions-format.js";
import { TempRepo } from "../helpers/git-repo.js";

const ID = "example-workstation";
const EX = `registry/templates/${ID}/template.json`;

function commitAt(repo: TempRepo, message: string, epoch: number) {
  repo.git("add", "-A");
  const date = `@${epoch} +0000`;
  execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", message], {
    cwd: repo.dir,
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
}

function bump(repo: TempRepo, version: string, edit: (t: Parameters<Parameters<TempRepo["editJson"]>[1]>[0]) => void = () => {}) {
  repo.editJson(EX, (t) => {
    t.version = version;
    t.changelog = [{ version, date: "2026-10-02", changes: [{ kind: "changed", description: `Release ${version}.` }] }, ...(t.changelog ?? [])];
    edit(t);
  });
}

async function build(repo: TempRepo) {
  const input = await readBuildInputs({ registry: join(repo.dir, "registry"), sourceDateEpoch: "1800000000" });
  return buildTree(input).files;
}

describe("templates/<id>/versions/ (from git history)", () => {
  it("publishes a record per version, keeps old records byte for byte, and dates the support window", async () => {
    const repo = new TempRepo();
    bump(repo, "1.3.0");
    commitAt(repo, "1.3.0", 1_790_000_000);
    const first = await build(repo);
    bump(repo, "1.4.0", (t) => {
      t.environment.packages = { ...t.environment.packages, conda: ["python=3.13", "numpy=2.2.0", "pandas", "scipy"] };
    });
    commitAt(repo, "1.4.0", 1_790_500_000);
    const second = await build(repo);

    const index = parseVersionsIndex(second.get(templateVersionsPath(ID)) ?? new Uint8Array());
    expect(index.latest).toBe("1.4.0");
    expect(index.versions.map((v) => v.version)).toEqual(["1.4.0", "1.3.0", "1.2.0"]);
    expect(index.versions[1]?.superseded_at).toBe("2026-09-27T09:06:40Z");
    expect(index.versions[1]?.supported_until).toBe("2027-09-27T09:06:40Z");
    // A version once published never changes: 1.3.0 was the latest in the first build.
    const path = templateVersionPath(ID, "1.3.0");
    expect(Buffer.from(second.get(path) ?? [])).toEqual(Buffer.from(first.get(path) ?? [1]));
    const old = parseVersionRecord(second.get(path) ?? new Uint8Array());
    expect(old.template.environment.packages?.conda).not.toContain("scipy");
    expect(old.commit).toMatch(/^[0-9a-f]{40}$/);
    // Support: inside the window, then past it.
    expect(versionSupport(index, "1.3.0", new Date("2027-01-01T00:00:00Z")).kind).toBe("supported");
    expect(versionSupport(index, "1.3.0", new Date("2028-01-01T00:00:00Z")).kind).toBe("past-window");
    expect(versionSupport(index, "1.4.0", new Date("2099-01-01T00:00:00Z")).kind).toBe("current");
    expect(versionSupport(index, "9.9.9", new Date()).kind).toBe("unknown");
  });

  it("builds the same bytes twice from the same commit (reproducible)", async () => {
    const repo = new TempRepo();
    bump(repo, "1.3.0");
    commitAt(repo, "1.3.0", 1_790_000_000);
    const a = await build(repo);
    const b = await build(repo);
    const paths = [...a.keys()].filter((p) => p.includes("/versions/"));
    expect(paths.length).toBeGreaterThan(2);
    for (const p of paths) expect(Buffer.from(b.get(p) ?? [])).toEqual(Buffer.from(a.get(p) ?? [1]));
  });
});
