// The pure registry operations the CLI and the API share: registry files in, changed files out.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  bumpVersion,
  forkTemplate,
  myPublications,
  parseSet,
  parseUnset,
  publishFromInstance,
  publishTemplate,
  type RegistryChange,
  type RegistryFiles,
  scaffoldFromInstance,
  unifiedDiff,
  unpublishTemplate,
  updateTemplate,
  type WorkstationFacts,
} from "../../core/registry-changes/index.js";
import { compareUrl, redact, resolveSettings, workspaceDirFor } from "../../core/registry-changes/settings.js";
import type { Template } from "../../core/types/generated.js";
import { validateRegistryDir } from "../../core/validate/validate-dir.js";
import { copyRegistry, ROOT, tempDir } from "../helpers/run.js";

const NOW = new Date("2026-11-02T12:00:00Z");
const TODAY = "2026-11-02";

function seededRegistry(): Map<string, string> {
  const root = join(ROOT, "registry");
  const files = new Map<string, string>();
  for (const name of ["categories.json", "featured.json"]) files.set(name, readFileSync(join(root, name), "utf8"));
  for (const id of readdirSync(join(root, "templates"))) {
    for (const name of ["template.json", "README.md"]) files.set(`templates/${id}/${name}`, readFileSync(join(root, "templates", id, name), "utf8"));
  }
  return files;
}

const registry: RegistryFiles = seededRegistry();
const parse = (change: RegistryChange, path: string) => JSON.parse(change.files.find((f) => f.path === path)?.text ?? "null") as Template;

/** What the validator says about the seeded registry with the change written into it (no git rules). */
async function errorsWith(change: RegistryChange): Promise<string[]> {
  const dir = copyRegistry();
  for (const f of change.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  const report = await validateRegistryDir(dir);
  return report.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.file} ${d.message}`);
}

describe("update", () => {
  it("edits fields, bumps the patch version and adds a dated changelog entry naming what changed", async () => {
    const change = updateTemplate(registry, "jupyter-data-science", {
      actor: "open-data-science",
      description: "General-purpose JupyterLab workstation with pandas, Polars and DuckDB, now with a larger default disk.",
      edits: [parseSet("environment.instance_defaults.root_volume_gb=80"), parseSet("environment.packages.conda[]=xarray")],
      now: NOW,
    });
    expect(change.title).toBe("Update jupyter-data-science to 2.4.1");
    expect(change.files.map((f) => f.path)).toEqual(["templates/jupyter-data-science/template.json"]);
    const t = parse(change, "templates/jupyter-data-science/template.json");
    expect(t.version).toBe("2.4.1");
    expect(t.environment.instance_defaults.root_volume_gb).toBe(80);
    expect(t.environment.packages?.conda?.at(-1)).toBe("xarray");
    expect(t.changelog?.[0]).toEqual({
      version: "2.4.1",
      date: TODAY,
      changes: [{ kind: "changed", description: "Updated description, environment.instance_defaults.root_volume_gb and environment.packages.conda[]." }],
    });
    expect(t.changelog?.[1]?.version).toBe("2.4.0");
    expect(await errorsWith(change)).toEqual([]);
  });

  it("takes explicit notes, minor and major bumps, and an explicit higher version", () => {
    const notes = [{ kind: "fixed" as const, description: "JupyterLab starts after a reboot." }];
    const minor = updateTemplate(registry, "jupyter-data-science", { actor: "x", notes, bump: "minor", now: NOW });
    expect(minor.version).toBe("2.5.0");
    expect(parse(minor, "templates/jupyter-data-science/template.json").changelog?.[0]?.changes).toEqual(notes);
    expect(updateTemplate(registry, "jupyter-data-science", { actor: "x", notes, bump: "major" }).version).toBe("3.0.0");
    expect(updateTemplate(registry, "jupyter-data-science", { actor: "x", notes, version: "2.10.0" }).version).toBe("2.10.0");
    expect(() => updateTemplate(registry, "jupyter-data-science", { actor: "x", notes, version: "2.4.0" })).toThrow(/not higher than the current 2.4.0/);
  });

  it("refuses an update that changes nothing, managed fields, unknown templates and bad paths", () => {
    expect(() => updateTemplate(registry, "jupyter-data-science", { actor: "x" })).toThrow(expect.objectContaining({ code: "NOTHING_TO_CHANGE" }));
    expect(() => updateTemplate(registry, "jupyter-data-science", { actor: "x", edits: [parseSet("tags[0]=jupyterlab")] })).toThrow(
      expect.objectContaining({ code: "NOTHING_TO_CHANGE" }),
    );
    expect(() => parseSet("version=9.9.9")).toThrow(expect.objectContaining({ code: "MANAGED_FIELD" }));
    expect(() => parseSet("template_id=other")).toThrow(expect.objectContaining({ code: "MANAGED_FIELD" }));
    expect(() => parseSet("__proto__.polluted=1")).toThrow(expect.objectContaining({ code: "BAD_SET" }));
    expect(() => parseSet("no-equals-sign")).toThrow(expect.objectContaining({ code: "BAD_SET" }));
    expect(() => updateTemplate(registry, "jupyter-data-sciense", { actor: "x", notes: [{ kind: "changed", description: "x" }] })).toThrow(
      expect.objectContaining({ code: "TEMPLATE_NOT_FOUND", hint: 'did you mean "jupyter-data-science"?', exitCode: 3 }),
    );
    expect(() => updateTemplate(registry, "jupyter-data-science", { actor: "x", edits: [parseSet("tags[99]=x")] })).toThrow(/has 7 items/);
  });

  it("parses --set values as JSON when they are JSON, and removes fields with --unset", () => {
    expect(parseSet('tags=["a","b"]').value).toEqual(["a", "b"]);
    expect(parseSet("name=42").value).toBe(42);
    expect(parseSet("name=Lab workstation").value).toBe("Lab workstation");
    expect(parseSet("/environment/instance_defaults/type=m7i.large").segments).toEqual(["environment", "instance_defaults", "type"]);
    const change = updateTemplate(registry, "jupyter-data-science", {
      actor: "x",
      edits: [parseUnset("publication.documentation_url"), parseSet("research_domains[0]=ecology")],
      readme: "# New docs\n",
    });
    const t = parse(change, "templates/jupyter-data-science/template.json");
    expect(t.publication.documentation_url).toBeUndefined();
    expect(t.research_domains?.[0]).toBe("ecology");
    expect(change.files.find((f) => f.path.endsWith("README.md"))?.text).toBe("# New docs\n");
  });

  it("bumps versions the semver way", () => {
    expect(bumpVersion("1.2.3", "patch")).toBe("1.2.4");
    expect(bumpVersion("1.2.3", "minor")).toBe("1.3.0");
    expect(bumpVersion("1.2.3", "major")).toBe("2.0.0");
    expect(bumpVersion("1.3.0-rc.1", "patch")).toBe("1.3.0");
    expect(bumpVersion("1.3.0-rc.1", "minor")).toBe("1.3.0");
    expect(bumpVersion("2.0.0-beta", "major")).toBe("2.0.0");
    expect(bumpVersion("1.2.3+build.7", "patch")).toBe("1.2.4");
  });
});

describe("unpublish", () => {
  it("deprecates with a reason, a replacement and a date, raising the version", async () => {
    const change = unpublishTemplate(registry, "text-as-data-nlp", {
      actor: "comp-social-science-lab",
      reason: "Superseded by the general data-science workstation",
      replacement: "jupyter-data-science",
      now: NOW,
    });
    const t = parse(change, "templates/text-as-data-nlp/template.json");
    expect(t.publication.maintenance_status).toBe("deprecated");
    expect(t.publication.maintenance).toEqual({
      reason: "Superseded by the general data-science workstation",
      date: TODAY,
      replacement: "jupyter-data-science",
    });
    expect(t.version).toBe("1.3.1");
    expect(t.changelog?.[0]).toEqual({
      version: "1.3.1",
      date: TODAY,
      changes: [{ kind: "deprecated", description: "Deprecated: Superseded by the general data-science workstation. Use jupyter-data-science instead." }],
    });
    expect(change.title).toBe("Deprecate text-as-data-nlp (1.3.1)");
    expect(change.files).toHaveLength(1);
    expect(await errorsWith(change)).toEqual([]);
  });

  it("archives, and takes the template out of featured.json (which lists only active templates)", async () => {
    const change = unpublishTemplate(registry, "gromacs-graviton", { actor: "rossi-md", reason: "No longer maintained.", archive: true, now: NOW });
    expect(parse(change, "templates/gromacs-graviton/template.json").publication.maintenance_status).toBe("archived");
    const featured = JSON.parse(change.files.find((f) => f.path === "featured.json")?.text ?? "{}") as { featured: { template_id: string }[] };
    expect(featured.featured.map((f) => f.template_id)).not.toContain("gromacs-graviton");
    expect(featured.featured).toHaveLength(4);
    expect(change.warnings.join()).toMatch(/removed from featured.json/);
    expect(await errorsWith(change)).toEqual([]);
  });

  it("refuses an empty reason, a missing or inactive replacement, and un-archiving by deprecation", () => {
    expect(() => unpublishTemplate(registry, "text-as-data-nlp", { actor: "x", reason: "  " })).toThrow(expect.objectContaining({ code: "REASON_REQUIRED" }));
    expect(() => unpublishTemplate(registry, "text-as-data-nlp", { actor: "x", reason: "r", replacement: "text-as-data-nlp" })).toThrow(
      /cannot replace itself/,
    );
    expect(() => unpublishTemplate(registry, "text-as-data-nlp", { actor: "x", reason: "r", replacement: "jupyter-data-sciense" })).toThrow(
      expect.objectContaining({ code: "BAD_REPLACEMENT", hint: 'did you mean "jupyter-data-science"?' }),
    );
    const archived = new Map(registry);
    const change = unpublishTemplate(registry, "text-as-data-nlp", { actor: "x", reason: "Old.", archive: true });
    for (const f of change.files) archived.set(f.path, f.text);
    expect(() => unpublishTemplate(archived, "text-as-data-nlp", { actor: "x", reason: "Old." })).toThrow(
      expect.objectContaining({ code: "ALREADY_ARCHIVED" }),
    );
    expect(() => unpublishTemplate(archived, "jupyter-data-science", { actor: "x", reason: "r", replacement: "text-as-data-nlp" })).toThrow(
      /is itself archived/,
    );
  });
});

describe("fork", () => {
  it("copies to a new id owned by the caller, with forked_from, version 1.0.0 and a fresh changelog", async () => {
    const change = forkTemplate(registry, "jupyter-data-science", { actor: "jdoe", newId: "lab-data-science", now: NOW });
    expect(change.title).toBe("Fork jupyter-data-science 2.4.0 as lab-data-science");
    expect(change.files.map((f) => f.path)).toEqual(["templates/lab-data-science/template.json", "templates/lab-data-science/README.md"]);
    const t = parse(change, "templates/lab-data-science/template.json");
    expect(t).toMatchObject({
      template_id: "lab-data-science",
      name: "Jupyter Data Science Workstation (fork by jdoe)",
      author: "jdoe",
      owners: ["jdoe"],
      version: "1.0.0",
      forked_from: { template_id: "jupyter-data-science", version: "2.4.0" },
      changelog: [{ version: "1.0.0", date: TODAY, changes: [{ kind: "added", description: "Forked from jupyter-data-science 2.4.0." }] }],
    });
    expect(t.publication.license).toBe("BSD-3-Clause");
    expect(Object.keys(t).indexOf("forked_from")).toBe(Object.keys(t).indexOf("publication") + 1);
    const readme = change.files[1]?.text ?? "";
    expect(readme.split("\n").slice(0, 3)).toEqual([
      "# Jupyter Data Science Workstation (fork by jdoe)",
      "",
      expect.stringMatching(/^> Forked from `jupyter-data-science` 2.4.0/),
    ]);
    expect(await errorsWith(change)).toEqual([]);
  });

  it("drops what belongs to the parent's authors: funding, deprecation and captured images", () => {
    const parent = JSON.parse(registry.get("templates/jupyter-data-science/template.json") ?? "") as Template;
    parent.publication.funding_source = "NSF 123";
    parent.publication.maintenance_status = "deprecated";
    parent.publication.maintenance = { reason: "old" };
    parent.ami = { build: true, source_images: { x86_64: { image_id: "ami-0123456789abcdef0", region: "us-east-1", owner_id: "111122223333" } } };
    const files = new Map(registry).set("templates/jupyter-data-science/template.json", JSON.stringify(parent));
    const t = forkTemplate(files, "jupyter-data-science", { actor: "jdoe", newId: "lab-data-science", name: "Lab data science" }).template;
    expect(t.publication).not.toHaveProperty("funding_source");
    expect(t.publication).not.toHaveProperty("maintenance");
    expect(t.publication.maintenance_status).toBe("active");
    expect(t.ami).toEqual({ build: true });
    expect(t.name).toBe("Lab data science");
  });

  it("refuses an existing or malformed new id", () => {
    expect(() => forkTemplate(registry, "jupyter-data-science", { actor: "jdoe", newId: "gromacs-graviton" })).toThrow(
      expect.objectContaining({ code: "TEMPLATE_EXISTS", exitCode: 4 }),
    );
    expect(() => forkTemplate(registry, "jupyter-data-science", { actor: "jdoe", newId: "Bad_Id" })).toThrow(expect.objectContaining({ code: "BAD_ID" }));
    expect(() => forkTemplate(registry, "jupyter-data-science", { actor: "J Doe", newId: "lab-x" })).toThrow(expect.objectContaining({ code: "BAD_HANDLE" }));
  });
});

describe("publish and scaffold", () => {
  const parentFacts: WorkstationFacts = {
    instanceId: "i-0123456789abcdef0",
    name: "my-jupyter",
    region: "eu-west-1",
    architecture: "arm64",
    instanceType: "m7g.2xlarge",
    ports: [22, 8787, 8888],
    tags: { "cws:template": "jupyter-data-science", "cws:template-version": "2.3.0" },
  };

  it("scaffolds from the template the instance was launched from, with the instance's own facts", async () => {
    const change = publishFromInstance(registry, parentFacts, {
      actor: "jdoe",
      meta: { name: "Lab Jupyter on Graviton", category: "data-science", tags: ["jupyterlab", "graviton"] },
      now: NOW,
    });
    const t = change.template;
    expect(t).toMatchObject({
      template_id: "lab-jupyter-on-graviton",
      author: "jdoe",
      owners: ["jdoe"],
      version: "1.0.0",
      architecture: ["arm64"],
      tags: ["jupyterlab", "graviton"],
      forked_from: { template_id: "jupyter-data-science", version: "2.3.0" },
      publication: { visibility: "public", license: "BSD-3-Clause", maintenance_status: "active" },
    });
    expect(t.regions[0]).toBe("eu-west-1");
    expect(t.environment.instance_defaults).toEqual({ instance_types: { arm64: "m7g.2xlarge" }, root_volume_gb: 50 });
    expect(t.environment.ports).toEqual([22, 8787, 8888]);
    expect(t.environment.packages?.conda).toContain("polars>=1.9");
    expect(t.ami).toEqual({ build: true });
    expect(t.changelog).toEqual([{ version: "1.0.0", date: TODAY, changes: [{ kind: "added", description: "First published." }] }]);
    expect(change.files[1]?.text).toMatch(/launched from the marketplace template `jupyter-data-science` 2.3.0/);
    expect(await errorsWith(change)).toEqual([]);
  });

  it("records a captured image as the AMI pipeline's source, and needs one when there is no parent", async () => {
    const bare: WorkstationFacts = { ...parentFacts, tags: {}, ports: [] };
    expect(() => scaffoldFromInstance(registry, bare, { actor: "jdoe", meta: { description: "A hand-built workstation.", category: "data-science" } })).toThrow(
      expect.objectContaining({ code: "NOTHING_TO_DESCRIBE" }),
    );
    const image = {
      imageId: "ami-0abc0000000000001",
      region: "eu-west-1",
      ownerId: "111122223333",
      instanceId: bare.instanceId,
      createdAt: "2026-11-02T10:00:00.000Z",
    };
    const change = publishFromInstance(registry, bare, {
      actor: "jdoe",
      id: "hand-built-lab",
      meta: { description: "A hand-built analysis workstation for the lab.", category: "data-science" },
      regions: ["us-west-2"],
      image,
    });
    const t = change.template;
    expect(t.name).toBe("my-jupyter");
    expect(t.regions).toEqual(["eu-west-1", "us-west-2"]);
    expect(t.environment).toMatchObject({ base: "ami-based", package_manager: "ami", ports: [22] });
    expect(t.ami).toEqual({
      build: true,
      regions: ["eu-west-1", "us-west-2"],
      source_images: {
        arm64: { image_id: image.imageId, region: "eu-west-1", owner_id: "111122223333", instance_id: bare.instanceId, created_at: image.createdAt },
      },
    });
    expect(await errorsWith(change)).toEqual([]);
  });

  it("publishes a template as given, making the caller an owner", () => {
    const t = JSON.parse(registry.get("templates/jupyter-data-science/template.json") ?? "") as Template;
    const change = publishTemplate(registry, { ...t, template_id: "lab-notebooks", owners: ["kpetrov-ds"] }, { actor: "jdoe", readme: "# Lab" });
    expect(change.template.owners).toEqual(["jdoe", "kpetrov-ds"]);
    expect(change.title).toBe("Publish lab-notebooks 2.4.0");
    expect(change.files[1]?.text).toBe("# Lab\n");
    expect(() => publishTemplate(registry, t, { actor: "jdoe", readme: "" })).toThrow(expect.objectContaining({ code: "TEMPLATE_EXISTS" }));
  });

  it("lists a handle's templates with their lineage", () => {
    const list = myPublications(registry, "research-lab-genomics");
    expect(list.map((p) => p.template_id)).toEqual(["genomics-pipeline-v3"]);
    expect(list[0]).toMatchObject({ role: "owner", version: "3.2.2", maintenance_status: "active", forks: ["somatic-variant-calling"] });
    expect(myPublications(registry, "nobody-here")).toEqual([]);
  });
});

describe("unified diff", () => {
  it("applies with git apply, and changes as many lines as git diff says", () => {
    const before = readFileSync(join(ROOT, "registry/templates/jupyter-data-science/template.json"), "utf8");
    const lines = before.split("\n");
    const cases = [
      updateTemplate(registry, "jupyter-data-science", { actor: "x", edits: [parseSet("environment.instance_defaults.root_volume_gb=80")] }).files[0]?.text ??
        "",
      [...lines.slice(0, 5), '  "inserted": 1,', ...lines.slice(5, 40), ...lines.slice(60, 200), "extra", ...lines.slice(200)].join("\n"),
      `${lines.slice(10).reverse().join("\n")}\n`,
      "",
    ];
    for (const [i, after] of cases.entries()) {
      const dir = tempDir("cws-diff-");
      execFileSync("git", ["init", "-q"], { cwd: dir });
      writeFileSync(join(dir, "x.json"), before);
      writeFileSync(join(dir, "theirs.json"), after);
      let expected = "";
      try {
        execFileSync("git", ["diff", "--no-index", "--no-color", "-U3", "x.json", "theirs.json"], { cwd: dir, encoding: "utf8" });
      } catch (error) {
        expected = (error as { stdout: string }).stdout;
      }
      const ours = unifiedDiff("x.json", before, after);
      writeFileSync(join(dir, "ours.patch"), ours);
      execFileSync("git", ["apply", "ours.patch"], { cwd: dir });
      // Without a final newline the last line differs only in git's "\ No newline" marker, which ours omits.
      expect(readFileSync(join(dir, "x.json"), "utf8").replace(/\n$/, ""), `case ${i}`).toBe(after.replace(/\n$/, ""));
      // Diff algorithms may place a hunk differently among equal lines; how many lines change may not differ.
      const count = (text: string, sign: string) => text.split("\n").filter((l) => l.startsWith(sign) && !l.startsWith(`${sign}${sign}${sign} `)).length;
      expect(count(ours, "+"), `added lines, case ${i}`).toBe(count(expected, "+"));
      expect(count(ours, "-"), `removed lines, case ${i}`).toBe(count(expected, "-"));
    }
    expect(unifiedDiff("x", "same\n", "same\n")).toBe("");
    expect(unifiedDiff("new.md", undefined, "a\nb\n")).toBe(
      "diff --git a/new.md b/new.md\nnew file mode 100644\n--- /dev/null\n+++ b/new.md\n@@ -0,0 +1,2 @@\n+a\n+b\n",
    );
  });
});

describe("settings", () => {
  const file = { registry_repo: "https://github.com/file/registry.git", user: "from-file", github_repo: "file/registry" };

  it("takes flags over the environment over the config file", () => {
    const env = { CWS_REGISTRY_REPO: "https://github.com/env/registry.git", CWS_USER: "from-env", XDG_CACHE_HOME: "/tmp/c" };
    expect(resolveSettings({}, {}, file)).toMatchObject({ registryRepo: "https://github.com/file/registry.git", actor: "from-file" });
    expect(resolveSettings({}, env, file)).toMatchObject({ registryRepo: "https://github.com/env/registry.git", actor: "from-env" });
    const flags = resolveSettings({ registryRepo: "https://github.com/flag/registry", as: "From-Flag" }, env, file);
    expect(flags).toMatchObject({
      registryRepo: "https://github.com/flag/registry",
      actor: "from-flag",
      registryBranch: "main",
      githubApiUrl: "https://api.github.com",
      githubRepo: { owner: "file", repo: "registry" },
    });
    expect(() => resolveSettings({}, {}, {})).toThrow(expect.objectContaining({ code: "NO_REGISTRY_REPO" }));
    expect(() => resolveSettings({}, { CWS_REGISTRY_REPO: "git@github.com:o/r.git", CWS_USER: "x" })).toThrow(
      expect.objectContaining({ code: "BAD_REGISTRY_REPO" }),
    );
    expect(() => resolveSettings({}, { CWS_REGISTRY_REPO: "https://github.com/o/r", CWS_USER: "not a handle" })).toThrow(
      expect.objectContaining({ code: "BAD_HANDLE" }),
    );
  });

  it("moves credentials out of the URL, reads the token from the environment only, and redacts it", () => {
    const s = resolveSettings({}, { CWS_REGISTRY_REPO: "https://x-access-token:s3cr3t-token@github.example.edu/lab/registry.git", CWS_USER: "jdoe" });
    expect(s.registryRepo).toBe("https://github.example.edu/lab/registry.git");
    expect(s.token).toBe("s3cr3t-token");
    expect(s.githubRepo).toBeUndefined();
    expect(resolveSettings({}, { CWS_REGISTRY_REPO: "https://h/o/r", CWS_USER: "j", GITHUB_TOKEN: "gh", CWS_REGISTRY_TOKEN: "cws" }).token).toBe("cws");
    expect(redact("push https://user:s3cr3t-token@host/x failed: s3cr3t-token", ["s3cr3t-token"])).toBe("push https://***@host/x failed: ***");
    const ghe = resolveSettings(
      { githubApiUrl: "https://github.example.edu/api/v3/" },
      { CWS_REGISTRY_REPO: "https://github.example.edu/lab/registry.git", CWS_USER: "j" },
    );
    expect(ghe).toMatchObject({ githubApiUrl: "https://github.example.edu/api/v3", githubRepo: { owner: "lab", repo: "registry" } });
    expect(compareUrl(ghe, "cws/update/x-1")).toBe("https://github.example.edu/lab/registry/compare/main...cws/update/x-1?expand=1");
    expect(workspaceDirFor("https://github.com/o/r.git", { XDG_CACHE_HOME: "/c" })).toMatch(/^\/c\/cws\/marketplace\/workspaces\/github\.com-o-r-[0-9a-f]{8}$/);
  });
});
