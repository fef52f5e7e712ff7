// The CLI as a researcher gets it: `npm pack` of the project, then `npm install -g` of the
// tarball into a fresh prefix. Dependencies come from the local npm cache (--prefer-offline),
// and from the registry only for what the cache lacks.
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT, tempDir } from "../../helpers/run.js";

const run = promisify(execFile);

export interface InstalledCli {
  /** The `cws` the install linked into <prefix>/bin. */
  bin: string;
  /** Where the package itself landed. */
  packageDir: string;
  tarball: string;
  /** The files the tarball holds, relative to the package root. */
  files: string[];
}

/** npm's own environment, without the npm_* variables of the `npx vitest` that runs the test. */
function npmEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^npm_/i.test(k)) env[k] = v;
  return env;
}

/**
 * Packs the checkout and installs the tarball globally into a temp prefix. The bundle is the one
 * tests/global-setup.ts just built from the current sources, so the pack skips `prepare`
 * (which would rebuild cli/dist under the feet of other test files).
 */
export async function installPackedCli(): Promise<InstalledCli> {
  const dir = tempDir("cws-pack-");
  const env = npmEnv();
  const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: ROOT, env, maxBuffer: 16 << 20 });
  const packed = (JSON.parse(stdout) as { filename: string; files: { path: string }[] }[])[0];
  if (!packed) throw new Error(`npm pack wrote nothing: ${stdout}`);
  const tarball = join(dir, packed.filename.replace(/^.*\//, ""));
  const prefix = join(dir, "prefix");
  await run("npm", ["install", "--global", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], {
    cwd: dir,
    env,
    timeout: 240_000,
    maxBuffer: 16 << 20,
  });
  const packageDir = join(prefix, "lib", "node_modules", readdirSync(join(prefix, "lib", "node_modules"))[0] ?? "");
  return { bin: join(prefix, "bin", "cws"), packageDir, tarball, files: packed.files.map((f) => f.path).sort() };
}
