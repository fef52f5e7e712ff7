// The corpus (tests/import/corpus/) is written in the shapes of CloudWorkstation's own templates
// (scttfrdmn/prism templates/ and templates/community/): a base that others inherit, a two-deep
// chain, x86-only types with both architectures listed, no type at all, parameters in names,
// upstream categories and base spellings, YAML only Go's yaml.v3 reads as meant, and the three
// files CloudWorkstation itself cannot load (a missing parent, a cycle).
import { describe, expect, it } from "vitest";
import { validatorFor } from "../../core/schema/ajv.js";
import type { Template } from "../../core/types/generated.js";
import { importCorpus, lines } from "./corpus-helpers.js";
import { errors } from "./helpers.js";

function valid(template: Template | undefined): Template {
  const validate = validatorFor("template");
  expect(template).toBeDefined();
  expect(validate(template) ? [] : validate.errors).toEqual([]);
  return template as Template;
}

describe("inheritance", () => {
  it("flattens a chain two deep: lists appended, the child's pin replacing its parent's, scripts in order", () => {
    const r = importCorpus("rocky9-gpu-ml.yml");
    const t = valid(r.template);
    expect(t.template_id).toBe("rocky-gpu-ml");
    expect(t.name).toBe("Rocky Linux 9 GPU Deep Learning");
    expect(t.version).toBe("2.1.0");
    expect(t.environment.packages).toEqual({
      system: ["gcc", "curl", "git", "vim", "htop"],
      conda: ["python=3.12", "jupyterlab", "numpy", "pandas", "matplotlib", "pytorch", "pytorch-cuda=12.1"],
      pip: ["plotly"],
    });
    expect(t.environment.users).toEqual([
      { name: "rocky", groups: ["wheel"] },
      { name: "datascientist", groups: ["wheel"] },
    ]);
    expect(t.environment.services).toEqual([{ name: "jupyter", port: 8888, enable: true }]);
    expect(t.environment.instance_defaults.ports).toEqual([22, 8888, 6006]);
    expect(t.environment.idle_detection).toEqual({ enabled: true, idle_threshold_minutes: 15, hibernate_threshold_minutes: 30, check_interval_minutes: 5 });
    expect(t.environment.post_install).toBe(
      "dnf -y update\n\n# --- Rocky Linux 9 + Conda Stack ---\necho 'conda activate base' >> /home/datascientist/.bashrc\n",
    );
    // The tags of both parents (the child overrides none of them) and the child's own domain.
    expect(t.tags).toEqual(["stacked", "rocky-linux", "data-science", "conda", "deep-learning"]);
    expect(lines(r.diagnostics)).toEqual([
      'tests/import/corpus/rocky9-gpu-ml.yml:5:7 CWS504 /base: base "rocky-9" is imported as "rocky", the marketplace base for the same image',
      'tests/import/corpus/rocky9-gpu-ml.yml:6:1 CWS504 /inherits: merged 2 parents "Rocky Linux 9 Base", "Rocky Linux 9 + Conda Stack" into this template',
      "tests/import/corpus/rocky9-gpu-ml.yml:12:7 CWS504 /packages/conda/0: \"python\" is listed by a parent too; this template's entry replaces the parent's",
      'tests/import/corpus/rocky9-gpu-ml.yml:15:1 CWS504 /instance_defaults: no instance type given for x86_64; using g4dn.2xlarge, CloudWorkstation\'s default for a GPU template (the package "pytorch" makes it a GPU workload)',
      'tests/import/corpus/rocky9-gpu-ml.yml:15:1 CWS504 /instance_defaults: no instance type given for arm64; using g5g.2xlarge, CloudWorkstation\'s default for a GPU template (the package "pytorch" makes it a GPU workload)',
    ]);
  });

  it("reports a problem in an inherited value at its line in the parent's file", () => {
    const r = importCorpus("rocky9-conda-stack.yml");
    expect(r.locate?.("/environment/packages/system/1")).toEqual({
      file: "tests/import/corpus/base-rocky9.yml",
      line: 10,
      column: 7,
      pointer: "/packages/system/1",
    });
    expect(r.locate?.("/environment/packages/conda/1")).toMatchObject({ file: "tests/import/corpus/rocky9-conda-stack.yml", line: 13, column: 7 });
  });

  it("refuses a missing parent with its file:line:col and the templates it looked at", () => {
    const r = importCorpus("missing-parent.yml");
    expect(r.template).toBeUndefined();
    expect(lines(r.diagnostics)).toEqual(['tests/import/corpus/missing-parent.yml:6:5 CWS502 /inherits/0: parent template "Ubuntu 22.04 Base" not found']);
    expect(r.diagnostics[0]?.hint).toBe(
      'parents are found by their name: field among the YAML files in this file\'s folder and --templates-dir; templates found there: "Rocky Linux 9 Base", "Cycle B", "Cycle A"',
    );
  });

  it("refuses a cycle at the inherits entry that closes it", () => {
    const a = importCorpus("community/cycle-a.yml");
    expect(a.template).toBeUndefined();
    expect(lines(a.diagnostics)).toEqual([
      'tests/import/corpus/community/cycle-b.yml:5:12 CWS502 /inherits/0: inheritance cycle: "Cycle A" → "Cycle B" → "Cycle A"',
    ]);
    const b = importCorpus("community/cycle-b.yml");
    expect(lines(b.diagnostics)).toEqual([
      'tests/import/corpus/community/cycle-a.yml:5:12 CWS502 /inherits/0: inheritance cycle: "Cycle B" → "Cycle A" → "Cycle B"',
    ]);
  });
});

describe("instance defaults per architecture", () => {
  it("maps an x86 type to the Graviton type of the same family and size", () => {
    const r = importCorpus("r-research.yml");
    const t = valid(r.template);
    expect(t.architecture).toEqual(["x86_64", "arm64"]);
    expect(t.environment.instance_defaults).toEqual({
      type: "r5.large",
      instance_types: { arm64: "r7g.large" },
      ports: [22, 8787],
      estimated_cost_per_hour: { x86_64: 0.126, arm64: 0.1008 },
    });
    expect(lines(r.diagnostics)).toContain(
      "tests/import/corpus/r-research.yml:26:9 CWS504 /instance_defaults/type: r5.large does not run arm64; using r7g.large for arm64, the Graviton type of the same family and size",
    );
  });

  it("drops arm64 for a GPU family with no Graviton match, with its cost", () => {
    const r = importCorpus("python-ml-gpu.yml");
    const t = valid(r.template);
    expect(t.architecture).toEqual(["x86_64"]);
    expect(t.environment.instance_defaults).toEqual({ type: "g5.xlarge", ports: [22, 8888], estimated_cost_per_hour: { x86_64: 1.006 } });
    expect(lines(r.diagnostics)).toEqual([
      "tests/import/corpus/python-ml-gpu.yml:17:9 CWS504 /instance_defaults/type: arm64 is not offered: g5.xlarge does not run arm64 and the g5 GPU family has no Graviton counterpart",
    ]);
  });

  it("uses CloudWorkstation's size defaults for the workload when no type is given", () => {
    const types = (name: string) => valid(importCorpus(name, { defaultCategory: "hpc" }).template).environment.instance_defaults.instance_types;
    expect(types("genomics-go-yaml.yml")).toEqual({ x86_64: "r5.2xlarge" }); // bioconductor: memory
    expect(types("neuro-hpc.yml")).toEqual({ x86_64: "c5.2xlarge" }); // openmpi: compute
    expect(types("base-rocky9.yml")).toEqual({ x86_64: "t3.large" }); // general purpose
    expect(types("rocky9-gpu-ml.yml")).toEqual({ x86_64: "g4dn.2xlarge", arm64: "g5g.2xlarge" }); // pytorch: GPU
    expect(types("deep-learning-ami.yml")).toEqual({ x86_64: "g4dn.xlarge", arm64: "g5g.xlarge" }); // given per architecture
  });
});

describe("categories, bases, names and YAML", () => {
  it("maps upstream category, domain and tags to categories.json ids", () => {
    const category = (name: string) => importCorpus(name).template?.category;
    expect(category("r-research.yml")).toBe("statistics"); // category: Statistical Analysis
    expect(category("python-ml-gpu.yml")).toBe("machine-learning"); // category: Machine Learning
    expect(category("genomics-go-yaml.yml")).toBe("bioinformatics"); // category: Bioinformatics
    expect(category("neuro-hpc.yml")).toBe("neuroimaging"); // domain: neuroscience
    expect(category("rocky9-conda-stack.yml")).toBe("data-science"); // tags.purpose: data-science
    expect(importCorpus("r-research.yml").template?.tags).toEqual(["r", "rstudio", "statistical-analysis", "statistics"]);
  });

  it("asks for a category only when nothing maps, and says so in the error", () => {
    const r = importCorpus("base-rocky9.yml");
    expect(r.template).toBeUndefined();
    expect(r.needsCategory).toBe(true);
    expect(lines(errors(r.diagnostics))).toEqual([
      'tests/import/corpus/base-rocky9.yml:35:9 CWS503 /tags/type: no category: no category in registry/categories.json matches "base", "rocky-linux", "base-template"',
    ]);
    expect(r.diagnostics[0]?.hint).toMatch(/^pass --category <id> \(--default-category for a folder\); closest categories: /);
    expect(importCorpus("base-rocky9.yml", { defaultCategory: "education" }).template?.category).toBe("education");
  });

  it("accepts CloudWorkstation's base spellings, mapped to the marketplace's bases", () => {
    const base = (name: string) => importCorpus(name, { defaultCategory: "hpc" }).template?.environment.base;
    expect(base("r-research.yml")).toBe("ubuntu-22.04"); // ubuntu-22.04-server-lts
    expect(base("base-rocky9.yml")).toBe("rocky"); // rocky-9
    expect(base("neuro-hpc.yml")).toBe("amazonlinux"); // amazonlinux-2023
  });

  it("writes a parameter's default into a user or service name and keeps the parameter", () => {
    const r = importCorpus("python-ml-configurable.yml");
    const t = valid(r.template);
    expect(t.environment.users).toEqual([{ name: "researcher", groups: ["sudo"] }]);
    expect(t.environment.services?.[0]?.name).toBe("jupyter-lab");
    expect(Object.keys(t.environment.parameters ?? {})).toEqual(["python_version", "jupyter_interface", "user_name", "CONDA_ENV_NAME"]);
    expect(t.environment.post_install).toContain("/home/{{.user_name}}/.bashrc");
    expect(lines(r.diagnostics)).toEqual([
      'tests/import/corpus/python-ml-configurable.yml:10:3 CWS504 /parameters/python_version: parameter "python_version": display_name not carried over',
      'tests/import/corpus/python-ml-configurable.yml:21:3 CWS504 /parameters/user_name: parameter "user_name": pattern not carried over',
      'tests/import/corpus/python-ml-configurable.yml:36:11 CWS504 /services/0/name: service name "jupyter-{{.jupyter_interface}}" is imported as "jupyter-lab", the default of parameter jupyter_interface',
      'tests/import/corpus/python-ml-configurable.yml:40:11 CWS504 /users/0/name: user name "{{.user_name}}" is imported as "researcher", the default of parameter user_name',
      "tests/import/corpus/python-ml-configurable.yml:46:9 CWS504 /instance_defaults/type: c5.xlarge does not run arm64; using c7g.xlarge for arm64, the Graviton type of the same family and size",
    ]);
  });

  it("reads YAML as Go's yaml.v3 does: 1.1 booleans into bool fields, the first document only", () => {
    const r = importCorpus("genomics-go-yaml.yml");
    const t = valid(r.template);
    expect(t.version).toBe("1.10.0");
    expect(t.environment.services).toEqual([{ name: "shiny-server", port: 3838, enable: true }]);
    expect(t.environment.idle_detection).toEqual({ enabled: true, idle_threshold_minutes: 60 });
    expect(lines(r.diagnostics)).toEqual([
      'tests/import/corpus/genomics-go-yaml.yml:17:13 CWS504 /services/0/enable: services[0].enable: "yes" is read as true, as CloudWorkstation\'s Go YAML loader does',
      'tests/import/corpus/genomics-go-yaml.yml:19:12 CWS504 /idle_detection/enabled: idle_detection.enabled: "on" is read as true, as CloudWorkstation\'s Go YAML loader does',
      'tests/import/corpus/genomics-go-yaml.yml:21:1 CWS504 /instance_defaults: no instance type given for x86_64; using r5.2xlarge, CloudWorkstation\'s default for a memory-intensive template (the package "r-cran-bioconductor" makes it a memory-intensive workload)',
      "tests/import/corpus/genomics-go-yaml.yml:25:1 CWS504 only the first YAML document is imported; the 1 after the `---` here is ignored, as CloudWorkstation ignores them",
    ]);
  });
});

describe("two parents sharing a base", () => {
  it("merges the shared base once, so its lists and scripts are not repeated", async () => {
    const { importCwsTemplate } = await import("../../core/import/cws-yaml.js");
    const { TemplateLibrary } = await import("../../core/import/inherit.js");
    const file = (name: string, body: string) => ({
      file: `${name}.yml`,
      text: `name: ${name}\ndescription: The ${name} template for the diamond test\nbase: ubuntu-22.04\n${body}`,
    });
    const library = new TemplateLibrary([
      file("Base", "packages:\n  system: [git]\npost_install: echo base\n"),
      file("Left", "inherits: [Base]\npackages:\n  system: [vim]\n"),
      file("Right", "inherits: [Base]\npackages:\n  system: [tmux]\n"),
    ]);
    const r = importCwsTemplate(
      "name: Both\ndescription: Inherits two templates that share a base\nbase: ubuntu-22.04\ncategory: hpc\ninherits: [Left, Right]\n",
      "both.yml",
      { author: "me", library },
    );
    expect(r.template?.environment.packages).toEqual({ system: ["git", "vim", "tmux"] });
    expect(r.template?.environment.post_install).toBe("echo base");
    expect(lines(r.diagnostics)).toContain('both.yml:5:1 CWS504 /inherits: merged 3 parents "Base", "Left", "Right" into this template');
  });
});
