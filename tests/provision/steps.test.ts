// What the shared provisioning module decides where the AMI build and the launch used to differ.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderUserData } from "../../cli/src/launch/user-data.js";
import { provisionSteps } from "../../core/ami/provision.js";
import { writeFileLines } from "../../core/shell/heredoc.js";
import type { Environment, Template } from "../../core/types/generated.js";
import { ROOT, tempDir } from "../helpers/run.js";

const template = (id: string) => JSON.parse(readFileSync(join(ROOT, "registry/templates", id, "template.json"), "utf8")) as Template;
const withEnv = (t: Template, env: Partial<Environment>): Template => ({ ...structuredClone(t), environment: { ...structuredClone(t.environment), ...env } });
const userData = (t: Template, fromBase: boolean, values: Record<string, string> = {}) =>
  renderUserData({ templateId: t.template_id, version: t.version, env: t.environment, arch: "x86_64", values, fromBase });
const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error as { code: string; exitCode: number; message: string };
  }
  throw new Error("expected an error");
};

describe("one provisioning for the AMI build and launch", () => {
  it("honours package_manager apt on an ami-based image in the build as at launch", () => {
    const t = withEnv(template("aws-dlami-pytorch"), { package_manager: "apt", packages: { system: ["htop"] } });
    const build = provisionSteps(t, "x86_64");
    expect(build.problems).toEqual([]);
    expect(build.steps.map((s) => s.name)).toEqual(["wait for cloud-init", "system packages (apt)"]);
    expect(build.steps[1]?.commands.join("\n")).toContain("apt-get -o Acquire::Retries=3 install -y -q --no-install-recommends 'htop'");
    expect(userData(t, true).script).toContain("--no-install-recommends 'htop'");
  });

  it("refuses system packages on alpine rather than running apt-get there", () => {
    const t = withEnv(template("aws-dlami-pytorch"), { base: "alpine", package_manager: "apt", packages: { system: ["htop"] } });
    expect(provisionSteps(t, "x86_64").problems.join()).toContain('base "alpine"');
    expect(thrown(() => userData(t, true))).toMatchObject({ code: "NO_PACKAGE_TOOL", exitCode: 3 });
  });

  it("enables services after post_install in the image too, for boot only", () => {
    // qgis-postgis-desktop's post_install installs DCV, whose unit the image must then enable.
    const t = template("qgis-postgis-desktop");
    const { steps } = provisionSteps(t, "x86_64");
    const names = steps.map((s) => s.name);
    expect(names.slice(-3)).toEqual(["service configuration", "post_install", "enable services"]);
    const enable = steps.at(-1)?.commands.join("\n") ?? "";
    expect(enable).toContain("systemctl enable 'dcvserver.service'");
    expect(enable).not.toContain("--now");
    // Everything is in the image, so a launch from it has nothing to run.
    expect(userData(t, false).script).toBeUndefined();
    const base = userData(t, true).script ?? "";
    expect(base.indexOf("systemctl enable --now 'dcvserver.service'")).toBeGreaterThan(base.indexOf("post_install.sh"));
  });

  it("installs packages that use a launch parameter at launch, never baking the placeholder", () => {
    const t = withEnv(template("llm-finetune-lab"), {
      packages: { pip: ["torch=={{.torch}}"] },
      parameters: { ...template("llm-finetune-lab").environment.parameters, torch: { type: "string", default: "2.5.1" } },
    });
    const build = provisionSteps(t, "x86_64");
    expect(build.steps.map((s) => s.name)).not.toContain("pip packages");
    expect(build.steps.flatMap((s) => s.commands).join("\n")).not.toContain("{{");
    expect(build.notes.join()).toMatch(/pip packages uses launch parameters \(torch\b/);
    const values = { base_model: "gpt2", torch: "2.5.1" };
    const fromAmi = userData(t, false, values);
    expect(fromAmi.steps[0]).toBe("install 1 pip package");
    expect(fromAmi.script).toContain("/opt/venv/bin/pip install --no-cache-dir 'torch==2.5.1'");
  });

  it("refuses an account name that could be read as an option (exit 4)", () => {
    const t = template("genomics-pipeline-v3");
    expect(provisionSteps(t, "x86_64").problems).toEqual([]);
    for (const env of [{ users: [{ name: "--help" }] }, { users: [{ name: "a b" }] }, { services: [{ name: "-x", enable: true }] }]) {
      const bad = withEnv(t, env);
      expect(provisionSteps(bad, "x86_64").problems).toHaveLength(1);
      expect(thrown(() => userData(bad, false, { reference_genome: "none" }))).toMatchObject({ code: "UNSAFE_NAME", exitCode: 4 });
    }
  });

  it("writes files byte for byte through its here-documents", () => {
    const dir = tempDir();
    const content = "$HOME `id` $(id) 'q' \"d\"\\\nCWS_EOF\nlast";
    const path = join(dir, "out");
    const r = spawnSync("bash", ["-euo", "pipefail", "-c", writeFileLines(path, content, "0600").join("\n")], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(readFileSync(path, "utf8")).toBe(`${content}\n`);
  });
});
