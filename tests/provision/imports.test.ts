// The launch bundles core/provision into the CLI, so it must stay pure: no Node built-ins, no
// AWS SDK, no git, nothing from core/ami (which talks to EC2 and SSM). Its only imports are the
// shared quoting (core/shell), the generated types and its own files.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/run.js";

const DIR = join(ROOT, "core/provision");
const ALLOWED = /^(?:\.\/[a-z-]+\.js|\.\.\/shell\/[a-z-]+\.js|\.\.\/types\/generated\.js)$/;

describe("core/provision", () => {
  it("imports only core/shell, the generated types and itself", () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(3);
    const bad = files.flatMap((f) =>
      [...readFileSync(join(DIR, f), "utf8").matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)"([^"]+)"/g)]
        .map((m) => m[1] ?? "")
        .filter((spec) => !ALLOWED.test(spec))
        .map((spec) => `${f}: ${spec}`),
    );
    expect(bad).toEqual([]);
  });
});
