import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { COMMANDS } from "../../cli/src/commands/index.js";
import { main } from "../../cli/src/main.js";
import { ROOT } from "../helpers/run.js";

async function runCli(args: string[]): Promise<{ status: number; stdout: string }> {
  let stdout = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  // yargs prints --help through console.log.
  const log = vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => {
    stdout += `${parts.join(" ")}\n`;
  });
  try {
    return { status: await main(args), stdout };
  } finally {
    out.mockRestore();
    err.mockRestore();
    log.mockRestore();
  }
}

// Each command's description is written once (cli/src/commands/index.ts); every --help shows it.
describe("command descriptions", () => {
  it("list every command file, and only those", () => {
    const files = readdirSync(join(ROOT, "cli/src/commands/marketplace"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => `marketplace ${f.replace(/\.ts$/, "")}`);
    const listed = COMMANDS.map((c) => c.path.join(" "));
    expect(listed.filter((p) => p !== "launch").sort()).toEqual(files.sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  it("are what `cws marketplace --help` and each command's --help print", async () => {
    const overview = await runCli(["marketplace", "--help"]);
    for (const c of COMMANDS) {
      const own = await runCli([...c.path, "--help"]);
      expect(own.status, c.path.join(" ")).toBe(0);
      const flat = (text: string) => text.replace(/\s+/g, " ");
      expect(flat(own.stdout), c.path.join(" ")).toContain(c.describe);
      if (c.path[0] === "marketplace") expect(flat(overview.stdout)).toContain(c.describe);
    }
  });
});
