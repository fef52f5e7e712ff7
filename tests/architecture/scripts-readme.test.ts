import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/run.js";

const readme = readFileSync(join(ROOT, "scripts/README.md"), "utf8");
const row = (file: string) => new RegExp(`^\\|\\s*\`${file.replace(/\./g, "\\.")}\`\\s*\\|\\s*([^|]*?)\\s*\\|`, "m").exec(readme)?.[1];
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };

describe("scripts/README.md", () => {
  const files = readdirSync(join(ROOT, "scripts"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));

  it("lists every script", () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((f) => row(f) === undefined)).toEqual([]);
  });

  it("names each script's npm command as package.json runs it", () => {
    for (const [name, command] of Object.entries(pkg.scripts)) {
      const file = /tsx scripts\/(\S+\.ts)/.exec(command)?.[1];
      if (!file || name === "prepare") continue;
      const npm = name === "start" ? "npm start" : `npm run ${name}`;
      expect(row(file), name).toBe(`\`${npm}\``);
    }
  });
});
