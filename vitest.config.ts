import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/global-setup.ts"],
    // Git and subprocess tests share two cores; keep workers modest so timings stay honest.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
