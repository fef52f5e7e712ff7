import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../helpers/run.js";
import { type StaticServer, startStaticServer } from "../tuf/helpers/static-server.js";
import { builtMarketplace, cws, userHome } from "./helpers.js";

let server: StaticServer;
let market: Awaited<ReturnType<typeof builtMarketplace>>;
let flags: string[];

beforeAll(async () => {
  market = await builtMarketplace();
  server = await startStaticServer(market.out);
  flags = ["--registry-url", server.url, "--trusted-root", market.root];
});
afterAll(async () => {
  await server?.close();
});

describe("cws marketplace read commands (subprocess, verified over loopback HTTP)", () => {
  it("search ranks the genomics template first and --json parses", async () => {
    const home = userHome();
    const text = await cws(["marketplace", "search", "genomics", ...flags], home);
    expect(text.status).toBe(0);
    expect(text.stdout.split("\n")[1]).toMatch(/^genomics-pipeline-v3\s+Advanced Genomics Analysis Pipeline/);
    const json = JSON.parse((await cws(["marketplace", "search", "genomics", "--json", ...flags], home)).stdout) as {
      results: { template_id: string; score: number }[];
    };
    expect(json.results[0]?.template_id).toBe("genomics-pipeline-v3");
    // Prefix and fuzzy matching: "genom" and a typo still find it.
    expect(JSON.parse((await cws(["marketplace", "search", "genom", "--json", ...flags], home)).stdout).results[0].template_id).toBe("genomics-pipeline-v3");
    expect(
      JSON.parse((await cws(["marketplace", "search", "bioconductr", "--json", ...flags], home)).stdout).results.map(
        (r: { template_id: string }) => r.template_id,
      ),
    ).toContain("genomics-pipeline-v3");
  });

  it("search relaxes a query no template matches in every word, and says so", async () => {
    const home = userHome();
    const text = await cws(["marketplace", "search", "long", "read", "sequencing", ...flags], home);
    expect(text.status).toBe(0);
    expect(text.stdout.split("\n")[1]).toMatch(/^nanopore-long-read\s/);
    expect(text.stdout).toContain("No template matched every word");
    const json = JSON.parse((await cws(["marketplace", "search", "genomics", "variant", "calling", "--json", ...flags], home)).stdout) as {
      relaxed: boolean;
      results: { template_id: string; words_matched: number }[];
    };
    expect(json.relaxed).toBe(true);
    expect(json.results[0]).toMatchObject({ template_id: "somatic-variant-calling", words_matched: 3 });
    expect(json.results.map((r) => r.template_id)).toContain("genomics-pipeline-v3");
  });

  it("filters, sorts and counts facets", async () => {
    const home = userHome();
    const list = JSON.parse(
      (await cws(["marketplace", "list", "--category", "bioinformatics", "--architecture", "arm64", "--json", ...flags], home)).stdout,
    ) as { template_id: string; category: string; architecture: string[] }[];
    expect(list.length).toBeGreaterThan(0);
    for (const t of list) expect(t.category === "bioinformatics" && t.architecture.includes("arm64")).toBe(true);
    const byName = JSON.parse((await cws(["marketplace", "list", "--sort", "name", "--limit", "100", "--json", ...flags], home)).stdout) as { name: string }[];
    expect(byName.map((t) => t.name)).toEqual([...byName.map((t) => t.name)].sort((a, b) => a.localeCompare(b)));
    const facets = JSON.parse((await cws(["marketplace", "search", "gpu", "--facets", "--json", ...flags], home)).stdout) as {
      facets: { category: Record<string, number> };
      total: number;
    };
    expect(Object.values(facets.facets.category).reduce((a, b) => a + b, 0)).toBe(facets.total);
    // Deprecated templates are listed and marked; the deprecated one here names its replacement in info.
    expect((await cws(["marketplace", "list", "--category", "neuroimaging", ...flags], home)).stdout).toContain("(deprecated)");
  });

  it("info shows the record and the launch command; an unknown id suggests the closest", async () => {
    const home = userHome();
    const info = await cws(["marketplace", "info", "fsl5-freesurfer6-legacy", ...flags], home);
    expect(info.stdout).toMatch(/DEPRECATED since \d{4}-\d{2}-\d{2}: .+ — use neuroimaging-fmriprep/);
    expect(info.stdout).toContain("cws launch marketplace:fsl5-freesurfer6-legacy my-fsl5-freesurfer6-legacy");
    const json = JSON.parse((await cws(["marketplace", "info", "genomics-pipeline-v3", "--json", ...flags], home)).stdout) as {
      version: string;
      launch_command: string;
      forks: string[];
    };
    expect(json).toMatchObject({ version: "3.2.2", launch_command: "cws launch marketplace:genomics-pipeline-v3 my-genomics-pipeline-v3" });
    expect(json.forks).toContain("somatic-variant-calling");
    const missing = await cws(["marketplace", "info", "genomics-pipeline", ...flags], home);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toBe('error NOT_FOUND: no template "genomics-pipeline" in the marketplace\n  hint: did you mean "genomics-pipeline-v3"?\n');
  });

  it("featured, trending and categories print tables and JSON", async () => {
    const home = userHome();
    const featured = JSON.parse((await cws(["marketplace", "featured", "--json", ...flags], home)).stdout) as { template_id: string }[];
    expect(featured[0]?.template_id).toBe("genomics-pipeline-v3");
    expect(JSON.parse((await cws(["marketplace", "trending", "--window", "30d", "--json", ...flags], home)).stdout)).toEqual({ window: "30d", templates: [] });
    expect((await cws(["marketplace", "trending", ...flags], home)).stdout).toContain("No launches or downloads recorded in the last 7 days.");
    const categories = JSON.parse((await cws(["marketplace", "categories", "--json", ...flags], home)).stdout) as { id: string; count: number }[];
    expect(categories.find((c) => c.id === "bioinformatics")?.count).toBe(4);
  });

  it("does not download unchanged data again, and works offline from the verified cache", async () => {
    const home = userHome();
    expect((await cws(["marketplace", "list", ...flags], home)).status).toBe(0);
    const before = server.requests.length;
    expect((await cws(["marketplace", "list", ...flags], home)).status).toBe(0);
    const second = server.requests.slice(before);
    // Only the pointers are fetched again: discovery and the timestamp (nothing else changed).
    expect(second.filter((p) => !p.startsWith("/metadata/") && p !== "/.well-known/cws-marketplace.json")).toEqual([]);
    expect(second).toContain("/metadata/timestamp.json");

    const offlineServer = await startStaticServer(market.out);
    const offlineFlags = ["--registry-url", offlineServer.url, "--trusted-root", market.root];
    expect((await cws(["marketplace", "list", ...offlineFlags], home)).status).toBe(0);
    await offlineServer.close();
    const offline = await cws(["marketplace", "list", ...offlineFlags], home);
    expect(offline.status).toBe(0);
    expect(offline.stderr).toMatch(/warning: offline: http:\/\/127\.0\.0\.1:\d+ is unreachable; showing data verified \d+ hours? ago/);
    expect(offline.stdout).toContain("genomics-pipeline-v3");
    const never = await cws(["marketplace", "list", "--registry-url", offlineServer.url, "--trusted-root", market.root], userHome());
    expect(never.status).toBe(1);
    expect(never.stderr).toMatch(/^error UNREACHABLE: cannot reach/);
  });

  it("refuses tampered, expired and rolled-back data with exit 4", async () => {
    // Tampered: a served copy whose hashed catalog has different bytes.
    const tampered = join(tempDir("cws-tampered-"), "dist");
    cpSync(market.out, tampered, { recursive: true });
    const hashed = readdirSync(join(tampered, "indexes")).find((f) => /^[0-9a-f]{64}\.catalog\.json$/.test(f)) ?? "";
    const file = join(tampered, "indexes", hashed);
    writeFileSync(file, readFileSync(file, "utf8").replace("Advanced Genomics", "Evil Genomics"));
    const t = await startStaticServer(tampered);
    const bad = await cws(["marketplace", "list", "--registry-url", t.url, "--trusted-root", market.root], userHome());
    await t.close();
    expect(bad.status).toBe(4);
    expect(bad.stderr).toMatch(/^error UNTRUSTED: refusing .*tampered/);

    // Expired: signed 30 days ago, so its 7-day timestamp has lapsed.
    const old = await builtMarketplace({ now: new Date(Date.now() - 30 * 86_400_000) });
    const e = await startStaticServer(old.out);
    const expired = await cws(["marketplace", "list", "--registry-url", e.url, "--trusted-root", old.root], userHome());
    await e.close();
    expect(expired.status).toBe(4);
    expect(expired.stderr).toMatch(/^error UNTRUSTED: refusing .*expired/);

    // Rollback: a client that trusts a newer release is then served the older one.
    const keysDir = tempDir("cws-rollback-keys-");
    const older = await builtMarketplace({ keysDir, now: new Date(Date.now() - 3_600_000) });
    const newer = await builtMarketplace({ keysDir });
    const r = await startStaticServer(newer.out);
    const home = userHome();
    const args = ["marketplace", "list", "--registry-url", r.url, "--trusted-root", newer.root];
    expect((await cws(args, home)).status).toBe(0);
    r.dir = older.out;
    const rolled = await cws(args, home);
    await r.close();
    expect(rolled.status).toBe(4);
    expect(rolled.stderr).toMatch(/^error UNTRUSTED: refusing .*rollback/);
  });

  it("keeps help and usage errors stable", async () => {
    const home = userHome();
    expect((await cws(["--help"], home)).stdout).toMatchSnapshot("cws --help");
    expect((await cws(["marketplace", "--help"], home)).stdout).toMatchSnapshot("cws marketplace --help");
    expect((await cws(["marketplace", "search", "--help"], home)).stdout).toMatchSnapshot("cws marketplace search --help");
    const unknown = await cws(["marketplace", "serch", "x"], home);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatchSnapshot("unknown command");
    const noRoot = await cws(["marketplace", "list", "--registry-url", "https://marketplace.example.org"], home);
    expect(noRoot.status).toBe(2);
    expect(noRoot.stderr).toMatchSnapshot("missing trusted root");
  });

  it("never loads the AWS SDK for read commands", async () => {
    const trace = join(tempDir("cws-trace-"), "imports.log");
    const home = { ...userHome(), CWS_TRACE_IMPORTS: trace, NODE_OPTIONS: `--import ${join(ROOT, "tests/cli/fixtures/trace-imports.mjs")}` };
    for (const command of [["search", "genomics"], ["list"], ["info", "genomics-pipeline-v3"]]) {
      expect((await cws(["marketplace", ...command, ...flags], home)).status).toBe(0);
    }
    const resolved = readFileSync(trace, "utf8").split("\n");
    expect(resolved.some((s) => s.includes("cws.mjs"))).toBe(true); // the trace works
    expect(resolved.filter((s) => s.includes("@aws-sdk") || s.includes("isomorphic-git") || s.includes("@octokit"))).toEqual([]);
  });
});
