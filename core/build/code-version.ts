import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** What a rendered file can depend on besides its inputs: the domain code, the schemas, the locked dependencies. */
const SOURCES = ["core", "schemas", "package-lock.json"];

/**
 * The build code version: a hash of every source file under core/ and schemas/ and of
 * package-lock.json. Conservative on purpose: any change to the code invalidates every reused
 * template output (render-cache.ts), at the cost of one full render. About 1.5 MB to hash.
 */
export function buildCodeVersion(root = ROOT): string {
  const hash = createHash("sha256");
  const add = (relative: string) => {
    const path = join(root, relative);
    let entries: string[];
    try {
      entries = readdirSync(path).sort();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A copy without a lockfile (a packed or partial checkout) still gets a stable version.
      if (code === "ENOENT") {
        hash.update(`${relative}\n(missing)\n`);
        return;
      }
      if (code !== "ENOTDIR") throw error;
      hash.update(`${relative}\n`).update(readFileSync(path));
      return;
    }
    for (const name of entries) add(`${relative}/${name}`);
  };
  for (const source of SOURCES) add(source);
  return hash.digest("hex");
}
