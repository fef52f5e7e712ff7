// A build key identifies what goes into an image; a builder is resumed by step number under its
// key. So the key follows the provisioning steps themselves, not only the template's fields:
// when core/provision renders a step differently, old half-done builders are not resumed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type * as Provision from "../../core/ami/provision.js";
import { buildKey } from "../../core/ami/tags.js";
import type { Template } from "../../core/types/generated.js";
import { ROOT } from "../helpers/run.js";

const rendered = vi.hoisted(() => ({ extra: "" }));
vi.mock("../../core/ami/provision.js", async (importOriginal) => {
  const real = await importOriginal<typeof Provision>();
  return {
    ...real,
    provisionSteps: (t: Template, arch: "x86_64" | "arm64") => {
      const p = real.provisionSteps(t, arch);
      return { ...p, steps: p.steps.map((s) => ({ ...s, commands: [...s.commands, rendered.extra] })) };
    },
  };
});

describe("build key", () => {
  it("changes when the provisioning steps change, though the template does not", () => {
    const t = JSON.parse(readFileSync(join(ROOT, "registry/templates/genomics-pipeline-v3/template.json"), "utf8")) as Template;
    const before = buildKey(t, "x86_64");
    expect(buildKey(t, "x86_64")).toBe(before);
    rendered.extra = "apt-get clean";
    expect(buildKey(t, "x86_64")).not.toBe(before);
    expect(buildKey(t, "x86_64")).toMatch(/^genomics-pipeline-v3@[\d.]+\/x86_64\/[0-9a-f]{12}$/);
  });
});
