import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// No test reads or writes the real user's cws config or cache (npm start writes a CLI config).
const home = mkdtempSync(join(tmpdir(), "cws-test-home-"));

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/global-setup.ts"],
    setupFiles: ["tests/setup-home.ts"],
    // Git and subprocess tests share two cores; keep workers modest so timings stay honest.
    maxWorkers: 2,
    // A hang guard, not a speed check (those live in npm run bench): builds and git servers share two cores.
    testTimeout: 90_000,
    // Hooks build whole marketplaces (keys, bins, site) too; under a loaded CI they took >10 s.
    hookTimeout: 120_000,
    // Node 20 is the supported runtime; the AWS SDK's advice to move to 22 is noise in test output.
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      XDG_CONFIG_HOME: join(home, "config"),
      XDG_CACHE_HOME: join(home, "cache"),
      XDG_STATE_HOME: join(home, "state"),
    },
  },
});
