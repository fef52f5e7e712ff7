// The AMI build and the launch user data must install the same environment: an instance
// launched from a template's AMI and one launched from its base OS image end up alike. For every
// template in the registry, the install steps a launch from the base image runs are exactly the
// steps the build bakes followed by the steps a launch from that AMI runs; and each edge runs
// the steps it reports, in that order.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderUserData, resolveParameters } from "../../cli/src/launch/user-data.js";
import { provisionSteps, WORK_DIR } from "../../core/ami/provision.js";
import { bashScriptLines, STRICT } from "../../core/ami/shell.js";
import { stepCommands } from "../../core/provision/commands.js";
import { stepName } from "../../core/provision/labels.js";
import type { Environment, Template } from "../../core/types/generated.js";
import { ROOT } from "../helpers/run.js";

const DIR = join(ROOT, "registry/templates");
const TEMPLATES = readdirSync(DIR)
  .sort()
  .map((id) => JSON.parse(readFileSync(join(DIR, id, "template.json"), "utf8")) as Template);

/** Launch values: the defaults, and a value of the right type for each required parameter without one. */
function launchValues(env: Environment): Record<string, string> {
  const given: Record<string, string> = {};
  for (const [name, p] of Object.entries(env.parameters ?? {})) {
    if (!p || p.default !== undefined || !p.required) continue;
    given[name] = p.type === "choice" ? (p.choices?.[0] ?? "") : p.type === "integer" ? "1" : p.type === "boolean" ? "true" : "value-1";
  }
  return resolveParameters(env, given);
}

/** The offsets of each block of lines in a script, in order; -1 when a block is missing or out of order. */
function positions(script: string, blocks: string[][]): number[] {
  let from = 0;
  return blocks.map((block) => {
    const at = script.indexOf(`\n${block.join("\n")}\n`, from);
    if (at !== -1) from = at + 1;
    return at;
  });
}

const bashParses = (script: string) => spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });

describe("provisioning drift between the AMI build and launch", () => {
  it("reads the whole registry", () => {
    expect(TEMPLATES.length).toBeGreaterThan(10);
  });

  for (const t of TEMPLATES) {
    for (const arch of t.architecture) {
      it(`${t.template_id} (${arch}): base image = AMI + launch from the AMI`, () => {
        const values = launchValues(t.environment);
        const input = { templateId: t.template_id, version: t.version, env: t.environment, arch, values };
        const build = provisionSteps(t, arch);
        expect(build.problems).toEqual([]);
        if (t.ami?.source_images?.[arch]) {
          // A captured image already holds the environment; the build installs nothing.
          expect(build.installSteps).toEqual([]);
          return;
        }
        const fromBase = renderUserData({ ...input, fromBase: true });
        const fromAmi = renderUserData({ ...input, fromBase: false });
        expect(fromBase.installSteps).toEqual([...build.installSteps, ...fromAmi.installSteps]);

        // The build runs what it reports: after the cloud-init wait, one strict step per install step.
        expect(build.steps.map((s) => s.name)).toEqual(["wait for cloud-init", ...build.installSteps.map(stepName)]);
        build.installSteps.forEach((step, i) => {
          const commands = build.steps[i + 1]?.commands ?? [];
          expect(commands.slice(0, 1 + stepCommands(step, { workDir: WORK_DIR, startServices: false }).length)).toEqual([
            STRICT,
            ...stepCommands(step, { workDir: WORK_DIR, startServices: false }),
          ]);
          expect(bashParses(bashScriptLines(WORK_DIR, "step.sh", commands).join("\n")).status).toBe(0);
        });

        // So does the user data, in order, on both paths.
        for (const ud of [fromBase, fromAmi]) {
          const blocks = ud.installSteps.map((step) => stepCommands(step, { workDir: "/var/lib/cws", startServices: true }));
          if (!ud.script) {
            expect(blocks).toEqual([]);
            continue;
          }
          expect(positions(ud.script, blocks).every((p) => p > 0)).toBe(true);
          expect(bashParses(ud.script)).toMatchObject({ status: 0, stderr: "" });
        }
      });
    }
  }
});
