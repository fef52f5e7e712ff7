// npm run validate: the gate every registry pull request passes. Same rules locally and in CI.
import { parseArgs } from "node:util";
import { countBySeverity } from "../core/diagnostics/diagnostic.js";
import { formatGithub } from "../core/diagnostics/format-github.js";
import { formatJson } from "../core/diagnostics/format-json.js";
import { formatText } from "../core/diagnostics/format-text.js";
import { CwsError, EXIT } from "../core/errors.js";
import { validateRegistryDir } from "../core/validate/validate-dir.js";
import { runScript, useColor } from "./lib/run-script.js";

const USAGE = `Usage: npm run validate -- [options]

Validates registry templates: encoding and JSON syntax, schemas, semantic rules, security lint,
and with --base the rules about the change (scope, version bump, ownership).

Options:
  --registry <dir>   registry folder (default: registry)
  --base <ref>       compare with this git ref, e.g. origin/main, of the repository that holds
                     the registry folder (so CI can run one checkout's validator on another)
  --actor <handle>   pull request author; enforces template ownership (with --base)
  --allow-infra      allow changes outside the registry folder (with --base)
  --format <f>       text (default), json or github (Actions annotations)
  --no-color         plain output (NO_COLOR is honoured too)
  -h, --help         show this help

Exit status: 0 valid (warnings allowed), 1 errors found, 2 usage problem.
Rule codes are documented in docs/rules.md.`;

await runScript(USAGE, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      registry: { type: "string", default: "registry" },
      base: { type: "string" },
      actor: { type: "string" },
      "allow-infra": { type: "boolean", default: false },
      format: { type: "string", default: "text" },
      "no-color": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const format = values.format;
  if (format !== "text" && format !== "json" && format !== "github") {
    throw new CwsError("USAGE", `unknown --format "${format}"`, "use text, json or github", EXIT.usage);
  }
  const report = await validateRegistryDir(values.registry, {
    allowInfra: values["allow-infra"],
    ...(values.base ? { base: values.base } : {}),
    ...(values.actor ? { actor: values.actor } : {}),
  });
  const output =
    format === "json" ? formatJson(report) : format === "github" ? formatGithub(report) : formatText(report, { color: useColor(values["no-color"]) });
  process.stdout.write(output);
  return countBySeverity(report.diagnostics).error > 0 ? EXIT.invalid : EXIT.ok;
});
