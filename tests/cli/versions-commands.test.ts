import { execFileSync } from "node:child_process";
import { copyFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempRepo } from "../helpers/git-repo.js";
import { type StaticServer, startStaticServer } from "../tuf/helpers/static-server.js";
import { ReleaseCopy } from "./helpers/tuf-attacks.js";
import { builtMarketplace, cws, userHome } from "./helpers.js";

const ID = "example-workstation";
const EX = `registry/templates/${ID}/template.json`;

let server: StaticServer;
let flags: string[];
let market: Awaited<ReturnType<typeof builtMarketplace>>;

function commitAt(repo: TempRepo, message: string, epoch: number) {
  repo.git("add", "-A");
  const date = `@${epoch} +0000`;
  execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", "commit", "-q", "-m", message], {
    cwd: repo.dir,
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
}

// A real git repo (a worktree has no history isomorphic-git can read): 1.2.0 from the corpus,
// then 1.3.0 with a package upgraded, one added and one removed, a bigger root volume and a new port.
beforeAll(async () => {
  const repo = new TempRepo();
  repo.editJson(EX, (t) => {
    t.version = "1.3.0";
    t.changelog = [{ version: "1.3.0", date: "2026-10-02", changes: [{ kind: "changed", description: "Python 3.13." }] }, ...(t.changelog ?? [])];
    t.environment.packages = { system: ["git", "htop"], conda: ["python=3.13", "numpy=2.1.3", "pandas"], pip: ["jupyterlab==4.3.0"] };
    t.environment.instance_defaults.root_volume_gb = 80;
    t.environment.ports = [...(t.environment.ports ?? []), 8787];
  });
  commitAt(repo, "1.3.0", 1_790_000_000);
  market = await builtMarketplace({ registry: join(repo.dir, "registry") });
  server = await startStaticServer(market.out);
  flags = ["--registry-url", server.url, "--trusted-root", market.root];
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe("cws marketplace info@version, diff and cite (subprocess, tree built from git history)", () => {
  it("info <id>@<old> shows the old version's template", async () => {
    const home = userHome();
    const json = JSON.parse((await cws(["marketplace", "info", `${ID}@1.2.0`, "--json", ...flags], home)).stdout) as {
      version: string;
      environment: { packages: { conda: string[] } };
    };
    expect(json.version).toBe("1.2.0");
    expect(json.environment.packages.conda).toContain("python=3.12");
    const text = await cws(["marketplace", "info", `${ID}@1.2.0`, ...flags], home);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain("1.2.0");
    expect(text.stdout).not.toContain("python=3.13");
  });

  it("diff <id> <old> <new> prints the changes, and --json carries the same data", async () => {
    const home = userHome();
    const text = await cws(["marketplace", "diff", ID, "1.2.0", "1.3.0", ...flags], home);
    expect(text.status).toBe(0);
    expect(text.stdout.split("\n")).toEqual([
      `${ID}@1.2.0 → ${ID}@1.3.0`,
      "packages (declared packages):",
      "  + system htop (unpinned)",
      "  - system build-essential (unpinned)",
      "  ↑ conda python =3.12 → =3.13",
      "instance defaults:",
      "  root_volume_gb: 50 → 80",
      "ports:",
      "  + 8787",
      "",
    ]);
    const json = JSON.parse((await cws(["marketplace", "diff", ID, "1.2.0", "1.3.0", "--json", ...flags], home)).stdout) as {
      packages: { source: string; upgraded: { name: string; from: string; to: string }[] };
      ports: { added: number[] };
      identical: boolean;
    };
    expect(json.packages.source).toBe("declared");
    expect(json.packages.upgraded).toEqual([{ name: "python", ecosystem: "conda", from: "=3.12", to: "=3.13" }]);
    expect(json.ports.added).toEqual([8787]);
    expect(json.identical).toBe(false);
  });

  it("cite <id>@<old> in each format names the old version and its record URL", async () => {
    const home = userHome();
    const recordUrl = `${server.url}/templates/${ID}/versions/1.2.0.json`;
    const bib = await cws(["marketplace", "cite", `${ID}@1.2.0`, "--format", "bibtex", ...flags], home);
    expect(bib.status).toBe(0);
    expect(bib.stdout).toMatch(/^@software\{example_workstation_1_2_0,\n/);
    expect(bib.stdout).toContain("  version = {1.2.0},");
    expect(bib.stdout).toContain(`  url = {${recordUrl}},`);
    const cff = await cws(["marketplace", "cite", `${ID}@1.2.0`, "--format", "cff", ...flags], home);
    expect(cff.stdout).toMatch(/^cff-version: 1\.2\.0\n/);
    expect(cff.stdout).toContain('version: "1.2.0"');
    const ris = await cws(["marketplace", "cite", `${ID}@1.2.0`, "--format", "ris", ...flags], home);
    expect(ris.stdout).toMatch(/^TY {2}- COMP\n/);
    expect(ris.stdout).toContain("ET  - 1.2.0\n");
    expect(ris.stdout).toContain(`UR  - ${recordUrl}\n`);
    const apa = await cws(["marketplace", "cite", `${ID}@1.2.0`, "--format", "apa", ...flags], home);
    expect(apa.stdout).toContain("Example Workstation (Version 1.2.0) [Computer software]");
    const latest = await cws(["marketplace", "cite", ID, "--format", "apa", ...flags], home);
    expect(latest.stdout).toContain("(Version 1.3.0)");
  });

  it("an unknown version exits 3 with the published versions and a hint", async () => {
    const home = userHome();
    for (const args of [
      ["info", `${ID}@9.9.9`],
      ["diff", ID, "1.2.0", "9.9.9"],
      ["cite", `${ID}@9.9.9`],
    ]) {
      const r = await cws(["marketplace", ...args, ...flags], home);
      expect(r.status, args.join(" ")).toBe(3);
      expect(r.stderr, args.join(" ")).toMatch(/^error VERSION_NOT_FOUND: example-workstation has no published version 9\.9\.9/);
      expect(r.stderr, args.join(" ")).toMatch(/published: 1\.3\.0, 1\.2\.0/);
      expect(r.stderr, args.join(" ")).toMatch(/\n {2}hint: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("refuses a signed record of another version served as the one asked for (mix and match), exit 4", async () => {
    // The attacker (or a broken build) lists 1.3.0's signed record under 1.2.0's path and re-signs
    // the bin: TUF accepts the bytes, so only the record's own identity can catch it.
    const copy = new ReleaseCopy(market.out, market.keysDir);
    const dir = join(copy.dir, "templates", ID, "versions");
    const newer = readdirSync(dir).find((f) => /^[0-9a-f]{64}\.1\.3\.0\.json$/.test(f));
    if (!newer) throw new Error("no hash-prefixed 1.3.0 record");
    const sha = newer.slice(0, 64);
    copyFileSync(join(dir, newer), join(dir, `${sha}.1.2.0.json`));
    const path = `templates/${ID}/versions/1.2.0.json`;
    const bin = copy.bins().find((b) => path in ((copy.read(b).signed.targets ?? {}) as Record<string, unknown>));
    if (!bin) throw new Error(`${path} is in no bin`);
    const newerEntry = copy
      .bins()
      .map((b) => (copy.read(b).signed.targets as Record<string, unknown>)[`templates/${ID}/versions/1.3.0.json`])
      .find(Boolean);
    expect(newerEntry).toBeDefined();
    copy.resign(bin, (signed) => {
      (signed.targets as Record<string, unknown>)[path] = newerEntry;
    });
    copy.relink(bin);
    const swapped = await startStaticServer(copy.dir);
    try {
      const args = ["--registry-url", swapped.url, "--trusted-root", market.root];
      for (const command of [
        ["cite", `${ID}@1.2.0`],
        ["diff", ID, "1.2.0", "1.3.0"],
        ["info", `${ID}@1.2.0`],
      ]) {
        const r = await cws(["marketplace", ...command, ...args], userHome());
        expect(r.status, command.join(" ")).toBe(4);
        expect(r.stderr, command.join(" ")).toMatch(/^error INDEX_MISMATCH: the record for example-workstation@1\.2\.0 names example-workstation@1\.3\.0/);
        expect(r.stdout, command.join(" ")).toBe("");
      }
    } finally {
      await swapped.close();
    }
  });
});
