// The shipped CLI is the thing tested: the project is packed, the tarball installed globally into
// a temp prefix, and every seed command of the design runs as that `cws`, from an unrelated
// folder, against a local marketplace, with only the identity the user configured once.
// One pack and install per run (about half a minute), shared by the tests below.
import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableName } from "../../core/community/tables.js";
import { ROOT, tempDir } from "../helpers/run.js";
import { branches, showFile } from "../registry-changes/helpers/world.js";
import { GENOMICS_AMI } from "./helpers/ec2-fake.js";
import { type InstalledCli, installPackedCli } from "./helpers/installed.js";
import { type LocalWorld, READER, startLocalWorld, USER } from "./helpers/local-world.js";
import { type CliResult, type RunOptions, runCli } from "./helpers.js";

/** The seeded template the seed commands name, as the registry holds it. */
const GENOMICS = JSON.parse(readFileSync(join(ROOT, "registry/templates/genomics-pipeline-v3/template.json"), "utf8")) as {
  version: string;
  changelog: { version: string; date: string }[];
};
const nextPatch = (v: string) => v.replace(/(\d+)$/, (n) => String(Number(n) + 1));

let cli: InstalledCli;
let world: LocalWorld;
let elsewhere: string;

beforeAll(async () => {
  cli = await installPackedCli();
  world = await startLocalWorld();
  elsewhere = tempDir("cws-elsewhere-");
}, 300_000);
afterAll(async () => {
  await world?.close();
});

/** The installed `cws`, run from a folder that has nothing to do with the checkout. */
const cws = (args: string[], env: Record<string, string> = world.env, options: RunOptions = {}): Promise<CliResult> =>
  runCli([cli.bin], args, env, { cwd: elsewhere, ...options });

/** Another user's machine, configured the same way but as `user`. */
const researcher = (user: string) => world.homeFor(user);

const pushed = () => branches(world.repo.bare).filter((b) => b !== "main");
const templateOn = (branch: string, id: string) =>
  JSON.parse(showFile(world.repo.bare, branch, `registry/templates/${id}/template.json`)) as Record<string, unknown>;

describe("the packed package", () => {
  it("ships the bin and the whole bundle, and installs its external runtime dependencies", () => {
    expect(cli.files).toContain("cli/bin/cws.mjs");
    expect(cli.files).toContain("cli/dist/cws.mjs");
    const chunks = readdirSync(join(ROOT, "cli/dist/chunks")).map((f) => `cli/dist/chunks/${f}`);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(cli.files).toContain(chunk);
    expect(cli.files.filter((f) => !/^(cli\/(bin|dist)\/|cli\/README\.md$|package\.json$|README\.md$)/.test(f))).toEqual([]);
    for (const dep of ["@aws-sdk/client-ec2", "@aws-sdk/client-ssm", "@aws-sdk/credential-provider-node", "@smithy/signature-v4"]) {
      expect(existsSync(join(cli.packageDir, "node_modules", dep, "package.json")), dep).toBe(true);
    }
    // Development tools stay out of a researcher's install.
    expect(existsSync(join(cli.packageDir, "node_modules", "astro"))).toBe(false);
    expect(existsSync(join(cli.packageDir, "node_modules", "vitest"))).toBe(false);
  });
});

describe("seed read commands", () => {
  it("list says how many it shows of how many; the filters work", async () => {
    const all = await cws(["marketplace", "list"]);
    expect(all.status, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/\n20 of 21 — use --limit 21 to see all\n$/);
    const everything = await cws(["marketplace", "list", "--limit", "21"]);
    expect(everything.stdout).not.toContain(" of 21");
    expect(everything.stdout.trim().split("\n")).toHaveLength(22);
    const filtered = await cws(["marketplace", "list", "--category", "bioinformatics", "--tag", "genomics", "--architecture", "arm64", "--json"]);
    expect(filtered.status, filtered.stderr).toBe(0);
    const rows = JSON.parse(filtered.stdout) as { template_id: string; category: string; tags: string[]; architecture: string[] }[];
    expect(rows.map((r) => r.template_id)).toContain("genomics-pipeline-v3");
    for (const r of rows) expect(r.category === "bioinformatics" && r.tags.includes("genomics") && r.architecture.includes("arm64")).toBe(true);
  });

  it('search "machine learning gpu" finds the GPU templates; no match exits 1', async () => {
    const found = await cws(["marketplace", "search", "machine learning gpu"]);
    expect(found.status, found.stderr).toBe(0);
    expect(found.stdout).toContain("pytorch-gpu-workstation");
    const none = await cws(["marketplace", "search", "zzqxvkwj"]);
    expect(none.status).toBe(1);
    expect(none.stdout).toContain('No templates match "zzqxvkwj"');
    expect((await cws(["marketplace", "search", "zzqxvkwj", "--json"])).status).toBe(1);
  });

  it("info shows every version from the changelog with its own date, and clean punctuation", async () => {
    const info = await cws(["marketplace", "info", "genomics-pipeline-v3"]);
    expect(info.status, info.stderr).toBe(0);
    const history = info.stdout.split("\nHistory\n")[1]?.split("\n\n")[0] ?? "";
    // Every changelog entry, newest first, each with its own date (not one dated by git).
    const changelog = GENOMICS.changelog.map((c) => `${c.version} ${c.date}`);
    expect(changelog.length).toBeGreaterThan(3);
    expect(history.split("\n").map((l) => l.trim().split(/\s+/).slice(0, 2).join(" "))).toEqual(changelog);
    expect(info.stdout).not.toMatch(/\.;|\)\.\.|[^.]\.\.(?!\.)/);
    const legacy = await cws(["launch", "marketplace:fsl5-freesurfer6-legacy", "old", "--dry-run"]);
    expect(legacy.status, legacy.stderr).toBe(0);
    expect(legacy.stderr).toContain("FreeSurfer 7.4.1). Use neuroimaging-fmriprep instead");
    expect(legacy.stderr).not.toMatch(/\)\.\./);
  });

  it("featured lists the editors' picks", async () => {
    const featured = await cws(["marketplace", "featured"]);
    expect(featured.status, featured.stderr).toBe(0);
    expect(featured.stdout).toContain("genomics-pipeline-v3");
  });

  it("ends quietly when the reader closes the pipe (| head)", async () => {
    const piped = await cws(["marketplace", "info", "genomics-pipeline-v3"], world.env, { closeStdout: true });
    expect(piped.stderr).toBe("");
    expect(piped.status).toBe(0);
  });

  it("an empty or malformed --registry-url is a usage error", async () => {
    for (const bad of ["", "not a url", "ftp://example.org"]) {
      const run = await cws(["marketplace", "list", "--registry-url", bad]);
      expect(run.status, bad).toBe(2);
      expect(run.stderr).toMatch(/^error BAD_URL: --registry-url (is empty|".*" is not an http\(s\) URL)\n {2}hint: /);
    }
  });

  it("read commands of the installed package never load the AWS SDK, the signer, git or octokit", async () => {
    const trace = join(tempDir("cws-trace-"), "imports.log");
    const env = { ...world.env, CWS_TRACE_IMPORTS: trace, NODE_OPTIONS: `--import ${join(ROOT, "tests/cli/fixtures/trace-imports.mjs")}` };
    for (const command of [["search", "genomics"], ["list"], ["info", "genomics-pipeline-v3"], ["featured"], ["reviews", "genomics-pipeline-v3"]]) {
      const run = await cws(["marketplace", ...command], env);
      expect(run.status, `${command.join(" ")}: ${run.stderr}`).toBe(0);
    }
    const resolved = readFileSync(trace, "utf8").split("\n");
    expect(resolved.some((s) => s.endsWith("cws.mjs"))).toBe(true);
    // In the bundle, git and octokit live in chunks of their own: none of them may be loaded.
    const chunksDir = join(cli.packageDir, "cli/dist/chunks");
    const heavy = readdirSync(chunksDir).filter((f) => /isomorphic-git|@octokit|octokit\/rest/.test(readFileSync(join(chunksDir, f), "utf8")));
    expect(heavy.length).toBeGreaterThan(0);
    expect(
      resolved.filter((s) => s.includes("@aws-sdk") || s.includes("@smithy") || /sigv4|aws-credentials/.test(s) || heavy.some((h) => s.endsWith(h))),
    ).toEqual([]);
  });
});

describe("seed write commands, with the identity configured once", () => {
  it('publish my-instance --name "Custom ML Environment" … opens a change with the kebab-case id', async () => {
    const run = await cws(
      [
        "marketplace",
        "publish",
        "my-instance",
        "--name",
        "Custom ML Environment",
        "--description",
        "PyTorch on a GPU with our lab's data loaders.",
        "--category",
        "machine-learning",
        "--tags",
        "pytorch,gpu",
      ],
      world.awsEnv,
    );
    expect(run.status, run.stderr).toBe(0);
    const branch = pushed().find((b) => b.includes("custom-ml-environment")) ?? "";
    expect(branch).not.toBe("");
    expect(templateOn(branch, "custom-ml-environment")).toMatchObject({ template_id: "custom-ml-environment", name: "Custom ML Environment", author: USER });
  });

  it("publish --from-file … --name takes the id from --name too, as --help says", async () => {
    const file = join(elsewhere, "lab-ml.yml");
    copyFileSync(join(ROOT, "tests/import/fixtures/conda-ml.yml"), file);
    const run = await cws([
      "marketplace",
      "publish",
      "--from-file",
      file,
      "--name",
      "Custom ML Environment",
      "--category",
      "machine-learning",
      "--dry-run",
      "--json",
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ template_id: "custom-ml-environment", dry_run: true, pushed: false });
  });

  it("publish my-instance --name … --generate-ami --regions … captures an image", async () => {
    const run = await cws(
      ["marketplace", "publish", "my-instance", "--name", "Custom ML Image", "--generate-ami", "--regions", "us-east-1,us-west-2,eu-west-1"],
      world.awsEnv,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(world.aws.calls.filter((c) => c.action === "CreateImage")).toHaveLength(1);
    const branch = pushed().find((b) => b.includes("custom-ml-image")) ?? "";
    const t = templateOn(branch, "custom-ml-image") as {
      regions: string[];
      ami: { regions: string[]; source_images: Record<string, { image_id: string; region: string }> };
    };
    expect(t.regions).toEqual(["us-east-1", "us-west-2", "eu-west-1"]);
    expect(t.ami.regions).toEqual(["us-east-1", "us-west-2", "eu-west-1"]);
    expect(t.ami.source_images.x86_64).toMatchObject({ region: "us-east-1", image_id: expect.stringMatching(/^ami-0fedcba98765432/) });
  });

  it('update genomics-pipeline-v3 --description "Updated with GATK 4.5"', async () => {
    const run = await cws(["marketplace", "update", "genomics-pipeline-v3", "--description", "Updated with GATK 4.5"]);
    expect(run.status, run.stderr).toBe(0);
    const branch = pushed().find((b) => b.includes("update") && b.includes("genomics-pipeline-v3")) ?? pushed().at(-1) ?? "";
    expect(templateOn(branch, "genomics-pipeline-v3")).toMatchObject({ description: "Updated with GATK 4.5", version: nextPatch(GENOMICS.version) });
  });

  it("unpublish genomics-pipeline-v3 needs no --reason off a terminal: the documented default", async () => {
    const before = pushed().length;
    const run = await cws(["marketplace", "unpublish", "genomics-pipeline-v3"]);
    expect(run.status, run.stderr).toBe(0);
    const branch = pushed().find((b, _, all) => all.length > before && b.includes("genomics-pipeline-v3") && !b.includes("update")) ?? "";
    expect(templateOn(branch, "genomics-pipeline-v3")).toMatchObject({
      publication: { maintenance_status: "deprecated", maintenance: { reason: "Deprecated by its owner." } },
    });
  });

  it("review genomics-pipeline-v3 --rating 5 --title … --comment … posts as the configured user", async () => {
    // A researcher who used the template (its publisher may not review it).
    const reader = researcher(READER);
    const run = await cws(
      ["marketplace", "review", "genomics-pipeline-v3", "--rating", "5", "--title", "Great for WGS", "--comment", "Ran GATK end to end."],
      reader,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("posted your review of genomics-pipeline-v3");
    const items =
      (await world.community.doc.send(new ScanCommand({ TableName: tableName("templateReviews", world.community.prefix), ConsistentRead: true }))).Items ?? [];
    expect(items.map((r) => r.reviewer)).toEqual([READER]);
  });

  it("fork genomics-pipeline-v3 --name genomics-pipeline-custom", async () => {
    const run = await cws(["marketplace", "fork", "genomics-pipeline-v3", "--name", "genomics-pipeline-custom"]);
    expect(run.status, run.stderr).toBe(0);
    const branch = pushed().find((b) => b.includes("genomics-pipeline-custom")) ?? "";
    expect(templateOn(branch, "genomics-pipeline-custom")).toMatchObject({
      template_id: "genomics-pipeline-custom",
      forked_from: { template_id: "genomics-pipeline-v3" },
    });
  });
});

describe("cws launch marketplace:genomics-pipeline-v3 my-analysis", () => {
  it("--dry-run with no AWS credentials prints the whole plan and the lookups it skipped", async () => {
    const callsBefore = world.aws.calls.length;
    const run = await cws(["launch", "marketplace:genomics-pipeline-v3", "my-analysis", "--dry-run"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`genomics-pipeline-v3 ${GENOMICS.version}`);
    expect(run.stdout).toMatch(/region\s+us-east-1/);
    expect(run.stdout).toMatch(/type\s+r7i\.2xlarge \(x86_64\)/);
    expect(run.stdout).toContain(`${GENOMICS_AMI} (prebuilt marketplace AMI; EC2 must confirm owner`);
    expect(run.stdout).toMatch(/parameters\s+reference_genome=GRCh38/);
    expect(run.stdout).toMatch(/first boot\s+about \d+-\d+ minutes/);
    expect(run.stdout).toMatch(/Skipped.*\n\s+EC2 DescribeImages: the check that ami-\S+ is owned by \d{12} \(no AWS credentials\)/);
    const base = JSON.parse(
      (await cws(["launch", "marketplace:genomics-pipeline-v3", "my-analysis", "--dry-run", "--region", "eu-west-1", "--json"])).stdout,
    ) as {
      image: { source: string; image_id: string | null; ssm_parameter: string };
      skipped_lookups: string[];
      user_data: { steps: string[] };
    };
    expect(base.image).toMatchObject({ source: "base-image", image_id: null });
    expect(base.image.ssm_parameter).toMatch(/^\/aws\/service\/canonical\//);
    expect(base.skipped_lookups[0]).toMatch(/^SSM GetParameter/);
    expect(world.aws.calls.slice(callsBefore)).toEqual([]);
  });

  it("as written, with AWS credentials: checks the owner, launches, and reports usage", async () => {
    const run = await cws(["launch", "marketplace:genomics-pipeline-v3", "my-analysis"], world.awsEnv);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Launched my-analysis.*is running \(r7i\.2xlarge, us-east-1\)/);
    expect(world.aws.calls.map((c) => c.action).filter((a) => a !== "DescribeInstances")).toEqual(expect.arrayContaining(["DescribeImages", "RunInstances"]));
    const usage =
      (await world.community.doc.send(new ScanCommand({ TableName: tableName("usageAnalytics", world.community.prefix), ConsistentRead: true }))).Items ?? [];
    expect(usage.length).toBeGreaterThan(0);
  });
});
