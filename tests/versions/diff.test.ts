import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SoftwareEntry } from "../../core/spec/software.js";
import type { Template } from "../../core/types/generated.js";
import { UNPRINTABLE } from "../../core/util/printable.js";
import { type DiffSide, diffLines, diffVersions } from "../../core/versions/diff.js";
import { MAX_SCRIPT_DIFF_LINES } from "../../core/versions/script-diff.js";
import { CORPUS } from "../helpers/corpus.js";

type Authored = DiffSide["template"];

/** The corpus example template (declares system git/build-essential, conda python/numpy/pandas, pip jupyterlab). */
function base(): Authored {
  const { $schema: _, ...t } = JSON.parse(readFileSync(join(CORPUS, "base/templates/example-workstation/template.json"), "utf8")) as Template;
  return t;
}

function side(version: string, edit: (t: Authored) => void = () => {}, software?: SoftwareEntry[], id = "example-workstation"): DiffSide {
  const template = base();
  template.version = version;
  edit(template);
  return { template_id: id, version, template, ...(software ? { software } : {}) };
}

describe("diffVersions: declared packages", () => {
  it("reports added, removed, upgraded, downgraded and re-constrained packages per manager", () => {
    const a = side("1.2.0");
    const b = side("1.3.0", (t) => {
      t.environment.packages = {
        system: ["git", "htop"],
        conda: ["python=3.13", "numpy=2.0.0", "pandas>=2"],
        pip: ["jupyterlab==4.3.0"],
      };
    });
    const d = diffVersions(a, b);
    expect(d.packages.source).toBe("declared");
    expect(d.packages.added).toEqual([{ name: "htop", ecosystem: "system", version: "" }]);
    expect(d.packages.removed).toEqual([{ name: "build-essential", ecosystem: "system", version: "" }]);
    expect(d.packages.upgraded).toEqual([{ name: "python", ecosystem: "conda", from: "=3.12", to: "=3.13" }]);
    expect(d.packages.downgraded).toEqual([{ name: "numpy", ecosystem: "conda", from: "=2.1.3", to: "=2.0.0" }]);
    // Unpinned → pinned has no direction: it is a change, not an upgrade.
    expect(d.packages.changed.map((c) => c.name)).toEqual(["pandas"]);
    expect(d.identical).toBe(false);
    const lines = diffLines(d);
    expect(lines[0]).toBe("example-workstation@1.2.0 → example-workstation@1.3.0");
    expect(lines).toContain("packages (declared packages):");
    expect(lines).toContain("  + system htop (unpinned)");
    expect(lines).toContain("  - system build-essential (unpinned)");
    expect(lines).toContain("  ↑ conda python =3.12 → =3.13");
    expect(lines).toContain("  ↓ conda numpy =2.1.3 → =2.0.0");
    expect(lines).toContain("  ~ conda pandas (unpinned) → >=2");
  });

  it("says identical when only metadata (description, changelog) differs", () => {
    const d = diffVersions(
      side("1.2.0"),
      side("1.2.1", (t) => {
        t.description = `${t.description} Reworded.`;
      }),
    );
    expect(d.identical).toBe(true);
    expect(diffLines(d)).toEqual([
      "example-workstation@1.2.0 → example-workstation@1.2.1",
      "no differences in packages, base image, instance defaults, ports, services or scripts",
    ]);
  });
});

describe("diffVersions: installed software", () => {
  const sw = (entries: [string, string, SoftwareEntry["ecosystem"]][]): SoftwareEntry[] =>
    entries.map(([name, version, ecosystem]) => ({ name, version, ecosystem }));

  it("prefers the SBOM when both sides have one, comparing versions in package order (1.20 > 1.9, rc < release)", () => {
    const a = side(
      "1.2.0",
      () => {},
      sw([
        ["samtools", "1.9", "conda"],
        ["libc6", "2.39-0ubuntu8", "deb"],
        ["numpy", "2.1.0rc1", "pip"],
        ["gone", "1", "deb"],
      ]),
    );
    const b = side(
      "1.3.0",
      () => {},
      sw([
        ["samtools", "1.20", "conda"],
        ["libc6", "2.39-0ubuntu8.3", "deb"],
        ["numpy", "2.1.0", "pip"],
        ["new", "0.1", "spack"],
      ]),
    );
    const d = diffVersions(a, b);
    expect(d.packages.source).toBe("software");
    expect(d.packages.upgraded.map((c) => `${c.ecosystem}:${c.name}`)).toEqual(["conda:samtools", "deb:libc6", "pip:numpy"]);
    expect(d.packages.downgraded).toEqual([]);
    expect(d.packages.added).toEqual([{ name: "new", ecosystem: "spack", version: "0.1" }]);
    expect(d.packages.removed).toEqual([{ name: "gone", ecosystem: "deb", version: "1" }]);
    expect(diffLines(d)).toContain("packages (installed software):");
  });

  it("a Debian tilde pre-release is older than the release", () => {
    const a = side("1.2.0", () => {}, sw([["r-base", "4.4.0~rc1", "deb"]]));
    const b = side("1.3.0", () => {}, sw([["r-base", "4.4.0", "deb"]]));
    expect(diffVersions(a, b).packages.upgraded).toEqual([{ name: "r-base", ecosystem: "deb", from: "4.4.0~rc1", to: "4.4.0" }]);
    expect(diffVersions(b, a).packages.downgraded).toHaveLength(1);
  });

  it("falls back to declared packages when only one side has an SBOM", () => {
    const a = side("1.2.0");
    const b = side("1.3.0", () => {}, sw([["samtools", "1.20", "conda"]]));
    const d = diffVersions(a, b);
    expect(d.packages.source).toBe("declared");
    expect(d.packages.added).toEqual([]);
  });
});

describe("diffVersions: base image, instance defaults, ports, services", () => {
  it("reports each field that changed, and nothing that did not", () => {
    const a = side("1.2.0");
    const b = side("2.0.0", (t) => {
      t.environment.base = "ubuntu-22.04";
      t.ami = { ...t.ami, base_image: "ami-0123456789abcdef0" } as Authored["ami"];
      t.environment.instance_defaults.root_volume_gb = 100;
      t.environment.instance_defaults.instance_types = { x86_64: "m7i.xlarge", arm64: "m7g.large" };
      t.architecture = ["x86_64"];
      t.environment.ports = [8888, 8787];
      t.environment.services = [
        { name: "jupyter", port: 8889, enable: true },
        { name: "rstudio", port: 8787, enable: true },
      ];
    });
    const d = diffVersions(a, b);
    expect(d.base).toEqual([
      { field: "base", from: "ubuntu-24.04", to: "ubuntu-22.04" },
      { field: "ami.base_image", from: "", to: "ami-0123456789abcdef0" },
    ]);
    expect(d.instance_defaults).toEqual([
      { field: "instance_types.x86_64", from: "m7i.large", to: "m7i.xlarge" },
      { field: "root_volume_gb", from: "50", to: "100" },
      { field: "architecture", from: "x86_64, arm64", to: "x86_64" },
    ]);
    expect(d.ports.added).toEqual([8787]);
    expect(d.services).toEqual({ added: ["rstudio"], removed: [], changed: ["jupyter"] });
    expect(d.packages.added).toEqual([]);
    const lines = diffLines(d);
    expect(lines).toContain("  base: ubuntu-24.04 → ubuntu-22.04");
    expect(lines).toContain("  ami.base_image: (none) → ami-0123456789abcdef0");
    expect(lines).toContain("  root_volume_gb: 50 → 100");
    expect(lines.slice(lines.indexOf("ports:"), lines.indexOf("ports:") + 2)).toEqual(["ports:", "  + 8787"]);
    expect(lines.slice(lines.indexOf("services:"))).toEqual(["services:", "  + rstudio", "  ~ jupyter"]);
  });

  it("reports removed ports and services", () => {
    const a = side("1.2.0", (t) => {
      t.environment.ports = [8888, 22];
    });
    const b = side("1.3.0", (t) => {
      t.environment.ports = [];
      t.environment.instance_defaults.ports = [];
      t.environment.services = [];
    });
    const d = diffVersions(a, b);
    expect(d.ports.removed).toEqual(expect.arrayContaining([22, 8888]));
    expect(d.services.removed).toEqual(["jupyter"]);
  });
});

describe("diffVersions: a fork against its parent", () => {
  it("names both templates and shows what the fork changed", () => {
    const parent = side("1.2.0", () => {}, undefined, "example-workstation");
    const fork = side(
      "1.0.0",
      (t) => {
        t.environment.packages = { ...t.environment.packages, pip: ["jupyterlab==4.3.0", "scanpy==1.10.0"] };
      },
      undefined,
      "my-fork",
    );
    const d = diffVersions(parent, fork);
    expect(d.from).toEqual({ template_id: "example-workstation", version: "1.2.0" });
    expect(d.to).toEqual({ template_id: "my-fork", version: "1.0.0" });
    expect(d.packages.added).toEqual([{ name: "scanpy", ecosystem: "pip", version: "==1.10.0" }]);
    expect(diffLines(d)[0]).toBe("example-workstation@1.2.0 → my-fork@1.0.0");
  });
});

describe("diffVersions: scripts (user_data, post_install)", () => {
  const script = (lines: string[]) => `${lines.join("\n")}\n`;

  it("a changed post_install shows line counts and a unified diff with one line of context", () => {
    const before = script(["#!/bin/bash", "set -euo pipefail", "REF='{{.reference_genome}}'", "install -d /data", "echo done"]);
    const after = script(["#!/bin/bash", "set -euo pipefail", "REF={{.reference_genome}}", "install -d /data", "echo done", "echo extra"]);
    const d = diffVersions(
      side("1.2.0", (t) => {
        t.environment.post_install = before;
      }),
      side("1.2.1", (t) => {
        t.environment.post_install = after;
      }),
    );
    expect(d.identical).toBe(false);
    expect(d.scripts).toEqual([
      {
        field: "post_install",
        change: "changed",
        lines_added: 2,
        lines_removed: 1,
        diff: [
          "@@ -2,4 +2,5 @@",
          " set -euo pipefail",
          "-REF='{{.reference_genome}}'",
          "+REF={{.reference_genome}}",
          " install -d /data",
          " echo done",
          "+echo extra",
        ],
        omitted: 0,
      },
    ]);
    const lines = diffLines(d);
    expect(lines.slice(lines.indexOf("scripts:"))).toEqual([
      "scripts:",
      "  ~ post_install (+2 -1 lines)",
      "    @@ -2,4 +2,5 @@",
      "     set -euo pipefail",
      "    -REF='{{.reference_genome}}'",
      "    +REF={{.reference_genome}}",
      "     install -d /data",
      "     echo done",
      "    +echo extra",
    ]);
  });

  it("an added or removed user_data is counted, not printed", () => {
    const d = diffVersions(
      side("1.2.0", (t) => {
        t.environment.post_install = "echo a\n";
      }),
      side("1.3.0", (t) => {
        t.environment.user_data = "#!/bin/bash\necho one\necho two\n";
        delete t.environment.post_install;
      }),
    );
    expect(d.scripts).toEqual([
      { field: "user_data", change: "added", lines_added: 3, lines_removed: 0, diff: [], omitted: 0 },
      { field: "post_install", change: "removed", lines_added: 0, lines_removed: 1, diff: [], omitted: 0 },
    ]);
    const lines = diffLines(d);
    expect(lines.slice(lines.indexOf("scripts:"))).toEqual(["scripts:", "  + user_data (3 lines)", "  - post_install (1 lines)"]);
  });

  it("a long script diff is cut to MAX_SCRIPT_DIFF_LINES and says how many lines were left off", () => {
    const many = (tag: string) => script(Array.from({ length: 60 }, (_, i) => `echo ${tag}${i}`));
    const d = diffVersions(
      side("1.2.0", (t) => {
        t.environment.post_install = many("a");
      }),
      side("1.3.0", (t) => {
        t.environment.post_install = many("b");
      }),
    );
    const change = d.scripts[0];
    expect(change?.lines_added).toBe(60);
    expect(change?.lines_removed).toBe(60);
    expect(change?.diff).toHaveLength(MAX_SCRIPT_DIFF_LINES);
    expect(change?.omitted).toBe(121 - MAX_SCRIPT_DIFF_LINES);
    expect(diffLines(d).at(-1)).toBe(`    … ${121 - MAX_SCRIPT_DIFF_LINES} more lines`);
  });

  it("escapes control characters from scripts and package names in the text output", () => {
    const d = diffVersions(
      side(
        "1.2.0",
        (t) => {
          t.environment.post_install = "echo ok\n";
        },
        [{ name: "git", version: "1", ecosystem: "deb" }],
      ),
      side(
        "1.3.0",
        (t) => {
          t.environment.post_install = "echo \u001b[2Jgone\n";
        },
        [{ name: "git\u001b]0;owned\u0007", version: "2", ecosystem: "deb" }],
      ),
    );
    const text = diffLines(d).join("\n");
    for (const line of diffLines(d)) expect(UNPRINTABLE.test(line), line).toBe(false);
    expect(text).toContain("+echo \\u001b[2Jgone");
    expect(text).toContain("+ deb git\\u001b]0;owned\\u0007 2");
  });
});

describe("diffVersions: estimated cost", () => {
  it("reports a changed estimated cost per architecture", () => {
    const d = diffVersions(
      side("1.2.0", (t) => {
        t.environment.instance_defaults.estimated_cost_per_hour = { x86_64: 0.1 };
      }),
      side("1.3.0", (t) => {
        t.environment.instance_defaults.estimated_cost_per_hour = { x86_64: 0.2 };
      }),
    );
    expect(d.instance_defaults).toEqual([{ field: "estimated_cost_per_hour.x86_64", from: "0.1", to: "0.2" }]);
  });
});
