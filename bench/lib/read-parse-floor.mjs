// The validator's floor: list the registry, read every file it reads (JSON and Markdown) and
// JSON.parse the JSON ones, in plain Node with no checks. `validate / floor` is the row to watch.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

let keys = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.isFile() && /\.(?:json|md)$/i.test(entry.name)) {
      const text = readFileSync(full, "utf8");
      if (entry.name.endsWith(".json")) keys += Object.keys(JSON.parse(text)).length;
    }
  }
};
walk(process.argv[2] ?? ".");
if (keys === 0) process.exitCode = 1;
