import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runAmiPipeline } from "../../core/ami/pipeline.js";
import { provisionSteps } from "../../core/ami/provision.js";
import { selectTemplates } from "../../core/ami/select.js";
import { launchPermissions, sharingFor } from "../../core/ami/sharing.js";
import { baseImageParameter } from "../../core/provision/base-image.js";
import { quote } from "../../core/shell/quote.js";
import type { Template } from "../../core/types/generated.js";
import { TempRepo } from "../helpers/git-repo.js";
import { readTemplate } from "./helpers.js";

const withEnv = (t: Template, edit: (t: Template) => void): Template => {
  const copy = structuredClone(t);
  edit(copy);
  return copy;
};

describe("selection", () => {
  it("picks templates with ami.build whose version, environment, ami or tests changed since the base commit", async () => {
    const repo = new TempRepo();
    const path = "registry/templates/example-workstation/template.json";
    const plan = async () =>
      (
        await runAmiPipeline({
          registry: join(repo.dir, "registry"),
          base: "HEAD",
          dryRun: true,
          state: join(repo.dir, "none.json"),
          buildRegion: "us-east-1",
          buildId: "t",
        })
      ).plan;

    let p = await plan();
    expect(p.units).toEqual([]);
    expect(p.skipped).toEqual(
      expect.arrayContaining([
        { templateId: "example-workstation", reason: "unchanged since base" },
        { templateId: "parent-stack", reason: "ami.build is not true" },
      ]),
    );

    // An uncommitted working-tree change counts, as in CI's checkout.
    repo.editJson(path, (t) => t.environment.packages?.system?.push("htop"));
    p = await plan();
    expect(p.units.map((u) => u.arch)).toEqual(["x86_64", "arm64"]);

    repo.commit("add htop");
    repo.editJson(path, (t) => {
      t.version = "1.3.0";
    });
    expect((await plan()).units).toHaveLength(2);
    expect(selectTemplates({ templates: [readTemplate("genomics-pipeline-v3")], base: new Map() }).selected[0]?.reason).toBe("new since base");
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repo.dir, encoding: "utf8" }).trim();
    expect(
      (
        await runAmiPipeline({
          registry: join(repo.dir, "registry"),
          base: "HEAD~1",
          dryRun: true,
          state: join(repo.dir, "none.json"),
          buildRegion: "us-east-1",
          buildId: "t",
        })
      ).commit,
    ).toBe(head);
  });

  it("with --template builds exactly those, and rejects ids that do not build an AMI", () => {
    const genomics = readTemplate("genomics-pipeline-v3");
    const astro = readTemplate("astronomy-astropy");
    expect(selectTemplates({ templates: [genomics, astro], only: ["genomics-pipeline-v3"] }).selected.map((s) => s.template.template_id)).toEqual([
      "genomics-pipeline-v3",
    ]);
    const bad = selectTemplates({ templates: [genomics, astro], only: ["astronomy-astropy", "nope"] });
    expect(bad.problems.map((p) => p.templateId)).toEqual(["astronomy-astropy", "nope"]);
  });
});

describe("base images", () => {
  const t = readTemplate("genomics-pipeline-v3");
  it("maps each base and architecture to AWS's public parameter", () => {
    expect(baseImageParameter(t, "arm64")).toEqual({ parameter: "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id" });
    const jammy = withEnv(t, (c) => (c.environment.base = "ubuntu-22.04"));
    expect(baseImageParameter(jammy, "x86_64")).toEqual({ parameter: "/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id" });
    const al = withEnv(t, (c) => (c.environment.base = "amazonlinux"));
    expect(baseImageParameter(al, "arm64")).toEqual({ parameter: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64" });
  });
  it("needs ami.base_image for bases without a public parameter, and uses it when set", () => {
    const rocky = withEnv(t, (c) => (c.environment.base = "rocky"));
    expect(baseImageParameter(rocky, "x86_64")).toMatchObject({ error: expect.stringContaining("rocky") });
    const pinned = withEnv(rocky, (c) => (c.ami = { build: true, base_image: "/aws/service/marketplace/rocky-9/x86_64/latest" }));
    expect(baseImageParameter(pinned, "x86_64")).toEqual({ parameter: "/aws/service/marketplace/rocky-9/x86_64/latest" });
    // One override for both architectures must not boot arm64 builds from an amd64 image.
    expect(baseImageParameter(pinned, "arm64")).toMatchObject({ error: expect.stringContaining("x86_64") });
  });
});

describe("provisioning", () => {
  it("orders steps by package manager and quotes every package", () => {
    const t = withEnv(readTemplate("genomics-pipeline-v3"), (c) => {
      c.environment.packages = { system: ["git", "weird'name"], conda: ["gatk4>=4.6", "bioconda::bwa=0.7.18"], pip: ["pysam>=0.22"] };
    });
    const { steps, notes } = provisionSteps(t, "arm64");
    expect(steps.map((s) => s.name)).toEqual(["wait for cloud-init", "system packages (apt)", "conda packages", "pip packages", "users"]);
    const script = steps.flatMap((s) => s.commands).join("\n");
    expect(script).toContain(`'weird'\\''name'`);
    expect(script).toContain("'gatk4>=4.6' 'bioconda::bwa=0.7.18'");
    expect(script).toContain("/opt/conda/bin/pip install --no-cache-dir 'pysam>=0.22'");
    expect(script).toContain("Miniforge3-Linux-aarch64.sh");
    expect(script).not.toMatch(/ gatk4>=4\.6/); // never unquoted, where > would redirect
    for (const s of steps) expect(s.timeoutSeconds).toBeGreaterThan(0);
    expect(notes.join()).toContain("reference_genome");
  });

  it("bakes post_install without parameters, and runs spack and dnf where asked", () => {
    const t = withEnv(readTemplate("genomics-pipeline-v3"), (c) => {
      c.environment.base = "rocky";
      c.environment.package_manager = "spack";
      c.environment.packages = { system: ["gcc"], spack: ["hdf5 +mpi"] };
      c.environment.post_install = "#!/bin/bash\necho done > /etc/motd\n";
    });
    const names = provisionSteps(t, "x86_64").steps.map((s) => s.name);
    expect(names).toEqual(["wait for cloud-init", "system packages (dnf)", "spack packages", "users", "post_install"]);
    const spack = provisionSteps(t, "x86_64").steps.find((s) => s.name === "spack packages");
    expect(spack?.commands.join("\n")).toContain("spack install --fail-fast -j \"$(nproc)\" 'hdf5 +mpi'");
  });

  it("quotes so that a shell reads back the exact value", () => {
    for (const value of ["a'b", "$(rm -rf /)", "x;y", "`id`", "\\"])
      expect(execFileSync("bash", ["-c", `printf %s ${quote(value)}`], { encoding: "utf8" })).toBe(value);
  });
});

describe("sharing", () => {
  it("follows visibility unless ami.sharing says otherwise", () => {
    const pub = sharingFor(readTemplate("genomics-pipeline-v3"));
    expect("sharing" in pub && launchPermissions(pub.sharing)).toEqual([{ Group: "all" }]);
    const org = sharingFor(readTemplate("intro-compbio-course"));
    expect("sharing" in org && launchPermissions(org.sharing)).toEqual([{ OrganizationArn: "arn:aws:organizations::123456789012:organization/o-a1b2c3d4e5" }]);
    const priv = withEnv(readTemplate("genomics-pipeline-v3"), (c) => (c.publication.visibility = "private"));
    const p = sharingFor(priv);
    expect("sharing" in p && launchPermissions(p.sharing)).toEqual([]);
    const leak = withEnv(priv, (c) => (c.ami = { build: true, sharing: { public: true } }));
    expect(sharingFor(leak)).toMatchObject({ error: expect.stringContaining("public") });
    const noArn = withEnv(readTemplate("intro-compbio-course"), (c) => (c.ami = { build: true }));
    expect(sharingFor(noArn)).toMatchObject({ error: expect.stringContaining("organization") });
  });
});
