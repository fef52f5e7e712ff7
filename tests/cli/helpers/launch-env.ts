import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { vi } from "vitest";
import { main } from "../../../cli/src/main.js";
import { tempDir } from "../../helpers/run.js";

/**
 * A fresh home for an in-process `cws launch`: XDG folders under it, the given usage API, no
 * marketplace or AWS profile from the machine, and test credentials. Returns the home folder.
 */
export function stubLaunchEnv(prefix: string, apiUrl: string): string {
  const home = tempDir(prefix);
  mkdirSync(join(home, "templates"));
  const env: Record<string, string | undefined> = {
    HOME: home,
    XDG_CACHE_HOME: join(home, "cache"),
    XDG_STATE_HOME: join(home, "state"),
    XDG_CONFIG_HOME: join(home, "config"),
    CWS_TEMPLATES_DIR: join(home, "templates"),
    CWS_MARKETPLACE_API: apiUrl,
    CWS_MARKETPLACE_URL: undefined,
    CWS_MARKETPLACE_ROOT: undefined,
    AWS_REGION: undefined,
    AWS_PROFILE: undefined,
    // Belt and braces: should a call ever slip past the mock, it goes to a closed loopback port.
    CWS_EC2_ENDPOINT: "http://127.0.0.1:9",
    CWS_SSM_ENDPOINT: "http://127.0.0.1:9",
    AWS_ACCESS_KEY_ID: "AKIDTEST",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_EC2_METADATA_DISABLED: "true",
    NO_COLOR: "1",
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return home;
}

export interface LaunchRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `cws launch <args…>` in-process against a test marketplace, capturing stdout and stderr. */
export async function runLaunch(market: { url: string; root: string }, ...args: string[]): Promise<LaunchRun> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const status = await main(["launch", ...args, "--registry-url", market.url, "--trusted-root", market.root]);
    return { status, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
