import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../helpers/run.js";

const run = promisify(execFile);

describe("npm run build-amis", () => {
  it("--dry-run prints the plan and exits 0 without credentials and without calling AWS", async () => {
    // Any AWS request would land here (and be counted); a dry run must make none.
    let requests = 0;
    const server = createServer((_req, res) => {
      requests += 1;
      res.statusCode = 500;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const trap = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("AWS_") && !k.startsWith("CWS_")) env[k] = v;
    Object.assign(env, {
      NO_COLOR: "1",
      AWS_ENDPOINT_URL: trap,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: "/nonexistent",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
    });
    try {
      const dir = tempDir("cws-ami-cli-");
      const { stdout } = await run(
        process.execPath,
        [
          join(ROOT, "node_modules/tsx/dist/cli.mjs"),
          join(ROOT, "scripts/build-amis.ts"),
          "--dry-run",
          "--template",
          "genomics-pipeline-v3",
          "--state",
          join(dir, "state.json"),
          "--lifecycle",
        ],
        { cwd: ROOT, env, timeout: 60_000 },
      );
      expect(stdout).toContain("dry run");
      expect(stdout).toContain("genomics-pipeline-v3 3.2.2 x86_64");
      expect(stdout).toContain("genomics-pipeline-v3 3.2.2 arm64");
      expect(stdout).toContain("/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id");
      expect(stdout).toContain("regions: us-east-1, us-west-2, eu-west-1");
      expect(stdout).toContain("not planned in a dry run");
      expect(requests).toBe(0);

      // An s3:// state is not read in a dry run either.
      const s3 = await run(
        process.execPath,
        [
          join(ROOT, "node_modules/tsx/dist/cli.mjs"),
          join(ROOT, "scripts/build-amis.ts"),
          "--dry-run",
          "--template",
          "genomics-pipeline-v3",
          "--state",
          "s3://bucket/ami-state.json",
        ],
        {
          cwd: ROOT,
          env,
          timeout: 60_000,
        },
      );
      expect(s3.stdout).toContain("not read");
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it("says which builder settings are missing for a real build", async () => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("AWS_") && !k.startsWith("CWS_")) env[k] = v;
    const dir = tempDir("cws-ami-cli-");
    const failed = await run(
      process.execPath,
      [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "scripts/build-amis.ts"), "--template", "genomics-pipeline-v3", "--state", join(dir, "s.json")],
      {
        cwd: ROOT,
        env: { ...env, NO_COLOR: "1", AWS_EC2_METADATA_DISABLED: "true" },
        timeout: 60_000,
      },
    ).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain("--instance-profile");
    expect(failed?.stderr).toContain("--subnet");
  });
});
