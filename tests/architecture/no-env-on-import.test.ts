import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/run.js";

// Process-wide settings belong to entry points (cli/src/cws.ts, scripts/lib/run-script.ts);
// a module that changes the environment when imported changes every other module's behaviour.
function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return modules(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

describe("importing a module", () => {
  const files = ["core", "apps", "cli/src/lib", "cli/src/launch", "cli/src/commands"].flatMap((dir) => modules(join(ROOT, dir)));

  it("finds the modules it checks", () => {
    expect(files.length).toBeGreaterThan(150);
  });

  it("never changes process.env", async () => {
    // Start without what the entry points set, so a module's `??=` would show.
    delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const changed: string[] = [];
    for (const file of files) {
      const before = JSON.stringify(Object.entries(process.env).sort());
      await import(pathToFileURL(file).href);
      if (JSON.stringify(Object.entries(process.env).sort()) !== before) changed.push(relative(ROOT, file));
    }
    expect(changed).toEqual([]);
  });
});
