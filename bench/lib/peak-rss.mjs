// Preloaded with `node --import <this file>` into every measured child: at exit, appends the
// process's peak resident set size to the file named by BENCH_PEAK_RSS_FILE. This works on any
// Linux or macOS Node without /usr/bin/time (which a fresh Debian image does not have).
// process.resourceUsage().maxRSS is in kilobytes. The 'exit' event also fires on process.exit().
import { appendFileSync } from "node:fs";

const file = process.env.BENCH_PEAK_RSS_FILE;
if (file) {
  // Only this process: a grandchild started with the same environment but without the preload
  // writes nothing, and one started with it appends its own line.
  delete process.env.BENCH_PEAK_RSS_FILE;
  process.on("exit", () => {
    try {
      appendFileSync(file, `${process.pid} ${process.resourceUsage().maxRSS}\n`);
    } catch {
      // Measuring must never change the child's outcome.
    }
  });
}
