import { cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSnapshot } from "../../core/registry/read-snapshot.js";
import { validateRegistry } from "../../core/validate/validate-registry.js";
import { CORPUS, caseSnapshot } from "../helpers/corpus.js";
import { tempDir } from "../helpers/run.js";

function corpusCopy(): string {
  const dir = join(tempDir(), "registry");
  cpSync(join(CORPUS, "base"), dir, { recursive: true });
  return dir;
}

describe("reading a registry from disk", () => {
  it("reports symlinks without following them (CWS006)", async () => {
    const dir = corpusCopy();
    symlinkSync("/etc/hostname", join(dir, "templates/example-workstation/README.md.bak"));
    symlinkSync(join(dir, "templates/parent-stack"), join(dir, "templates/linked-folder"));
    const result = validateRegistry(await readSnapshot(dir, "registry"));
    expect(result.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual([
      "registry/templates/example-workstation/README.md.bak CWS006",
      "registry/templates/linked-folder CWS006",
    ]);
  });

  it("lists oversized files without reading them (CWS007)", async () => {
    const dir = corpusCopy();
    mkdirSync(join(dir, "templates/example-workstation/screenshots"));
    writeFileSync(join(dir, "templates/example-workstation/screenshots/desktop.png"), Buffer.alloc(3 * 1024 * 1024));
    const snapshot = await readSnapshot(dir, "registry");
    const png = snapshot.entries.find((e) => e.path.endsWith("desktop.png"));
    expect(png?.bytes).toBeUndefined();
    expect(validateRegistry(snapshot).diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual([
      "registry/templates/example-workstation/screenshots/desktop.png CWS007",
    ]);
  });

  it("reports unreadable files as CWS010 and keeps checking the rest", () => {
    const snapshot = caseSnapshot(join(CORPUS, "none"));
    const readme = snapshot.entries.find((e) => e.path === "registry/templates/parent-stack/README.md");
    if (!readme) throw new Error("fixture missing");
    delete readme.bytes;
    readme.error = "EACCES: permission denied";
    const codes = validateRegistry(snapshot).diagnostics.map((d) => `${d.file} ${d.code}`);
    expect(codes).toEqual(["registry/templates/parent-stack/README.md CWS010"]);
  });
});
