import { describe, expect, it } from "vitest";
import { counterpart, workloadOf } from "../../core/import/graviton.js";
import { marketplaceBase } from "../../core/import/map-base.js";

describe("Graviton counterparts of x86 types (same family class and size)", () => {
  it.each([
    ["t3.medium", "t4g.medium"],
    ["t3a.nano", "t4g.nano"],
    ["m5.xlarge", "m7g.xlarge"],
    ["m6i.2xlarge", "m7g.2xlarge"],
    ["r5.large", "r7g.large"],
    ["c5.4xlarge", "c7g.4xlarge"],
    ["g4dn.xlarge", "g5g.xlarge"],
  ])("%s → %s", (x86, arm) => {
    expect(counterpart(x86, "arm64")).toEqual({ type: arm });
  });

  it.each([
    ["g5.xlarge", "the g5 GPU family has no Graviton counterpart"],
    ["p3.2xlarge", "the p3 GPU family has no Graviton counterpart"],
    ["g4dn.12xlarge", "g5g has no 12xlarge size"],
    ["m5.24xlarge", "m7g has no 24xlarge size"],
    ["x2idn.16xlarge", "the x2idn family has no Graviton counterpart the importer knows"],
  ])("%s has none: %s", (x86, reason) => {
    expect(counterpart(x86, "arm64")).toEqual({ reason });
  });

  it("maps a Graviton-only type back to x86_64", () => {
    expect(counterpart("t4g.large", "x86_64")).toEqual({ type: "t3.large" });
    expect(counterpart("m7g.xlarge", "x86_64")).toEqual({ type: "m7i.xlarge" });
  });

  it("infers the workload from package names in CloudWorkstation's order (GPU, memory, compute)", () => {
    expect(workloadOf(["numpy", "cupy-cuda12x"])).toEqual({ workload: "GPU", because: "cupy-cuda12x" });
    expect(workloadOf(["r-base", "openmpi"])).toEqual({ workload: "memory-intensive", because: "r-base" });
    expect(workloadOf(["gfortran"])).toEqual({ workload: "compute-intensive", because: "gfortran" });
    expect(workloadOf(["git", "vim"])).toEqual({ workload: "general-purpose" });
  });
});

describe("base names CloudWorkstation accepts", () => {
  it.each([
    ["ubuntu-22.04-server-lts", "ubuntu-22.04"],
    ["ubuntu-24.04-desktop", "ubuntu-24.04"],
    ["ubuntu-jammy", "ubuntu-22.04"],
    ["ubuntu-lts", "ubuntu-24.04"],
    ["Ubuntu-20.04", "ubuntu-20.04"],
    ["rocky-9", "rocky"],
    ["rocky9", "rocky"],
    ["amazonlinux-2023", "amazonlinux"],
    ["al2023", "amazonlinux"],
    ["debian-12", "debian"],
    ["rhel-9", "rhel"],
    ["alpine-3.20", "alpine"],
    ["ami-based", "ami-based"],
  ])("%s → %s", (name, base) => {
    expect(marketplaceBase(name)).toBe(base);
  });

  it.each(["windows", "ubuntu-18.04", "centos-7", "rocky-7", ""])("refuses %j", (name) => {
    expect(marketplaceBase(name)).toBeUndefined();
  });
});

describe("architecture of a template that names none", () => {
  it("is the one its instance type runs: a Graviton type alone makes an arm64 template", async () => {
    const { importCwsTemplate } = await import("../../core/import/cws-yaml.js");
    const yaml = (type: string) =>
      `name: Graviton Box\ndescription: A small template on one instance type\nbase: ubuntu-24.04\ncategory: hpc\ninstance_defaults:\n  type: ${type}\n`;
    const arm = importCwsTemplate(yaml("t4g.medium"), "g.yml", { author: "me" });
    expect(arm.template?.architecture).toEqual(["arm64"]);
    expect(arm.template?.environment.instance_defaults).toEqual({ type: "t4g.medium" });
    expect(arm.diagnostics).toEqual([]);
    const x86 = importCwsTemplate(yaml("m7i.large"), "x.yml", { author: "me" });
    expect(x86.template?.architecture).toEqual(["x86_64"]);
  });
});

describe("ports", () => {
  it("opens each service's port as CloudWorkstation does, with a warning at the service", async () => {
    const { importCwsTemplate } = await import("../../core/import/cws-yaml.js");
    const r = importCwsTemplate(
      "name: RStudio Box\ndescription: RStudio Server for statistics classes\nbase: ubuntu-22.04\ncategory: statistics\nservices:\n  - name: rstudio-server\n    port: 8787\ninstance_defaults:\n  type: t3.large\n  ports: [22]\n",
      "r.yml",
      { author: "me" },
    );
    expect(r.template?.environment.instance_defaults.ports).toEqual([22, 8787]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "CWS504",
        line: 7,
        column: 11,
        pointer: "/services/0/port",
        message: "port 8787 of service rstudio-server is added to instance_defaults.ports, as CloudWorkstation opens every service's port",
      }),
    ]);
  });
});
