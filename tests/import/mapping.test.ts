import { describe, expect, it } from "vitest";
import { importCwsTemplate } from "../../core/import/cws-yaml.js";
import { validatorFor } from "../../core/schema/ajv.js";
import type { Template } from "../../core/types/generated.js";
import { codes, errors, importFixture, only } from "./helpers.js";

function valid(template: Template | undefined): Template {
  expect(template).toBeDefined();
  const validate = validatorFor("template");
  const ok = validate(template);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
  return template as Template;
}

describe("full-featured conda ML template", () => {
  const result = importFixture("conda-ml.yml");
  const t = valid(result.template);

  it("has no errors and validates against template.schema.json", () => {
    expect(errors(result.diagnostics)).toEqual([]);
  });

  it("takes the id from the slug and normalises the unquoted version 1.0", () => {
    expect(t.template_id).toBe("python-ml-workstation");
    expect(t.version).toBe("1.0.0");
  });

  it("derives the author from the maintainer and makes it the only owner", () => {
    expect(t.author).toBe("cloudworkstation-team");
    expect(t.owners).toEqual(["cloudworkstation-team"]);
  });

  it("slugifies the category and builds tags from the tags map and domain", () => {
    expect(t.category).toBe("machine-learning");
    // language: python → value; gpu: "true" → key; cost: optimized → key-value;
    // legacy: "false" → dropped; framework: {{.placeholder}} under a generic key → dropped.
    expect(t.tags).toEqual(["python", "gpu", "genomics", "cost-optimized", "ml"]);
    expect(t.research_domains).toEqual(["ml"]);
  });

  it("collects architectures from costs/AMIs/instance types and regions from the AMI map", () => {
    expect(t.architecture).toEqual(["x86_64", "arm64"]);
    expect(t.regions).toEqual(["us-east-1", "eu-west-1"]);
  });

  it("maps the environment with per-architecture instance types", () => {
    const env = t.environment;
    expect(env.base).toBe("ubuntu-22.04");
    expect(env.package_manager).toBe("conda");
    expect(env.packages).toEqual({
      system: ["git", "build-essential"],
      conda: ["python={{.python_version}}", "numpy", "pandas", "pytorch", "jupyterlab"],
      pip: ["wandb"],
    });
    expect(env.instance_defaults).toEqual({
      type: "m7i.xlarge",
      instance_types: { x86_64: "g4dn.xlarge", arm64: "g5g.xlarge" },
      root_volume_gb: 100,
      ports: [22, 8888],
      estimated_cost_per_hour: { x86_64: 0.0464, arm64: 0.0368 },
    });
    expect(env.idle_detection).toEqual({ enabled: true, idle_threshold_minutes: 30, hibernate_threshold_minutes: 60, check_interval_minutes: 5 });
    expect(env.services?.[0]).toMatchObject({ name: "jupyter", port: 8888, enable: true });
    expect(env.connection_type).toBe("web");
  });

  it("drops the user's password with a CWS504 warning at its line", () => {
    expect(t.environment.users).toEqual([{ name: "researcher", groups: ["sudo", "docker"], shell: "/bin/bash" }]);
    expect(JSON.stringify(t)).not.toContain("changeme123");
    const d = only(result.diagnostics, "CWS504", "/users/0/password");
    expect(d.severity).toBe("warning");
    expect(d.line).toBe(60);
    expect(d.column).toBe(5);
  });

  it("maps parameters and variables, keeping every placeholder declared", () => {
    expect(t.environment.parameters).toEqual({
      python_version: { type: "choice", description: "Python version for the environment", choices: ["3.10", "3.11", "3.12"], default: "3.11" },
      gpu_support: { type: "boolean", description: "Install CUDA builds of the frameworks", default: false },
      worker_count: { type: "integer", description: "Number of data loader workers", default: 4 },
      CONDA_ENV_NAME: expect.objectContaining({ type: "string", default: "ml-env" }),
    });
  });

  it("warns once for each field with no marketplace place, at the field's key", () => {
    for (const field of ["icon", "color", "complexity", "popular", "featured", "validation_status", "estimated_launch_time"]) {
      const d = only(result.diagnostics, "CWS504", `/${field}`);
      expect(d.message).toContain(field);
      expect(d.hint.length).toBeGreaterThan(10);
    }
    expect(only(result.diagnostics, "CWS504", "/ami_config/amis").hint).toMatch(/CI/);
    // Written into README.md instead, so no warning.
    expect(result.diagnostics.filter((d) => d.pointer === "/prerequisites" || d.pointer === "/learning_resources")).toEqual([]);
  });

  it("upgrades http links to https with a warning", () => {
    only(result.diagnostics, "CWS504", "/learning_resources/1");
    expect(result.readme).toContain("<https://jupyterlab.readthedocs.io/>");
    expect(result.readme).not.toMatch(/http:\/\//);
  });

  it("writes a README with real sections", () => {
    const readme = result.readme ?? "";
    expect(readme).toMatch(/^# Python Machine Learning Workstation\n/);
    for (const heading of [
      "## Overview",
      "## What is installed",
      "## Connecting",
      "## Launch parameters",
      "## Instance",
      "## Idle detection",
      "## Prerequisites",
      "## Learning resources",
    ]) {
      expect(readme).toContain(`\n${heading}\n`);
    }
    expect(readme).toContain("- `pytorch`");
    expect(readme).toContain("| jupyter | 8888 | yes |");
    expect(readme).toContain("- Python programming experience");
  });

  it("sorts errors before warnings, then by line", () => {
    const lines = result.diagnostics.map((d) => d.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});

describe("apt R template", () => {
  const result = importFixture("r-apt.yml");
  const t = valid(result.template);

  it("derives the id from the name when there is no slug", () => {
    expect(t.template_id).toBe("r-statistics-with-rstudio-server");
  });

  it("normalises version 2.1 and turns a maintainer with e-mail into a handle", () => {
    expect(t.version).toBe("2.1.0");
    expect(t.author).toBe("jane-doe");
  });

  it("maps apt packages and defaults architecture to what the costs list", () => {
    expect(t.environment.package_manager).toBe("apt");
    expect(t.environment.packages?.system).toContain("rstudio-server");
    expect(t.architecture).toEqual(["x86_64"]);
    expect(t.regions).toEqual(["us-east-1", "us-west-2"]);
    expect(t.tags).toEqual(["r", "statistical-analysis", "collaboration", "statistics"]);
  });

  it("warns about instance_defaults keys the marketplace does not have", () => {
    expect(only(result.diagnostics, "CWS504", "/instance_defaults/instance_type_preference").line).toBe(29);
  });

  it("uses --author, --owner and --category over the YAML", () => {
    const r = importFixture("r-apt.yml", { author: "stats-lab", owners: ["alice", "stats-lab", "bob"], category: "statistics" });
    const tt = valid(r.template);
    expect(tt.author).toBe("stats-lab");
    expect(tt.owners).toEqual(["stats-lab", "alice", "bob"]);
    expect(tt.category).toBe("statistics");
  });
});

describe("spack HPC template", () => {
  const result = importFixture("spack-hpc.yml", { license: "MIT" });
  const t = valid(result.template);

  it("maps spack specs with variants, arm64-only costs and the v-prefixed version", () => {
    expect(t.template_id).toBe("hpc-md-spack");
    expect(t.version).toBe("3.0.1");
    expect(t.environment.package_manager).toBe("spack");
    expect(t.environment.packages?.spack).toEqual(["openmpi@4.1.6 fabrics=ofi", "gromacs@2024.1 +mpi", "lammps@20230802 +molecule +kspace"]);
    expect(t.architecture).toEqual(["arm64"]);
    expect(t.environment.instance_defaults.root_volume_gb).toBe(200);
    expect(t.publication).toEqual({ visibility: "public", license: "MIT", maintenance_status: "active" });
    expect(t.research_domains).toEqual(["computational-chemistry"]);
    expect(t.tags).toEqual(["hpc", "mpi", "arch-graviton", "computational-chemistry"]);
  });
});

describe("minimal template", () => {
  it("needs --author and --category, then fills in every default", () => {
    const bare = importFixture("minimal.yml");
    expect(bare.template).toBeUndefined();
    expect(codes(errors(bare.diagnostics))).toEqual(["CWS503", "CWS503"]);
    expect(bare.diagnostics.map((d) => d.hint).join(" ")).toMatch(/--author.*--category|--category.*--author/s);

    const result = importFixture("minimal.yml", { author: "jdoe", category: "base" });
    const t = valid(result.template);
    // The only finding is the instance type CloudWorkstation would pick itself.
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: "CWS504",
        line: 1,
        message:
          "no instance type given for x86_64; using t3.large, CloudWorkstation's default for a general-purpose template (no package marks it as GPU, memory- or compute-intensive)",
      }),
    ]);
    expect(t).toMatchObject({
      template_id: "basic-ubuntu-server",
      version: "1.0.0",
      owners: ["jdoe"],
      tags: ["base"],
      architecture: ["x86_64"],
      regions: ["us-east-1", "us-west-2"],
      publication: { visibility: "public", license: "Apache-2.0", maintenance_status: "active" },
      environment: { base: "ubuntu-22.04", package_manager: "apt", instance_defaults: { instance_types: { x86_64: "t3.large" } } },
    });
    expect(result.readme).toContain("## What is installed");
  });

  it("uses --id over the name", () => {
    const t = valid(importFixture("minimal.yml", { author: "jdoe", category: "base", id: "ubuntu-basic" }).template);
    expect(t.template_id).toBe("ubuntu-basic");
  });
});

describe("category taxonomy", () => {
  it("rejects a category that is not in categories.json and lists close ids", () => {
    const r = importFixture("conda-ml.yml", { categories: ["machine-learnings", "statistics"] });
    expect(r.template).toBeUndefined();
    const d = only(r.diagnostics, "CWS503", "/category");
    expect(d.line).toBe(13);
    expect(d.message).toMatch(/^no category: no category in registry\/categories.json matches "Machine Learning", "ml"/);
    expect(d.hint).toContain("machine-learnings");
    expect(r.needsCategory).toBe(true);
  });

  it("accepts a category that is in categories.json", () => {
    expect(importFixture("conda-ml.yml", { categories: ["machine-learning"] }).template?.category).toBe("machine-learning");
  });
});

describe("description and id limits", () => {
  const long = `name: Long One\nbase: ubuntu\nmaintainer: x-y\ncategory: misc\ndescription: "${"word ".repeat(80).trim()}"\n`;

  it("caps a long description at a word boundary and keeps the full text in README", () => {
    const r = importCwsTemplate(long, "long.yml");
    const t = valid(r.template);
    expect(t.description.length).toBeLessThanOrEqual(300);
    expect(t.description).toMatch(/word…$/);
    expect(r.readme).toContain("word ".repeat(80).trim());
    expect(only(r.diagnostics, "CWS504", "/description").line).toBe(5);
  });

  it("normalises an invalid slug into an id, with a warning", () => {
    const r = importCwsTemplate(`slug: Python_ML\n${long}`, "slug.yml");
    expect(valid(r.template).template_id).toBe("python-ml");
    expect(only(r.diagnostics, "CWS504", "/slug").message).toContain("python-ml");
  });
});
