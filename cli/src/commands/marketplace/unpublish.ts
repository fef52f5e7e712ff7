import { unpublishTemplate } from "../../../../core/registry-changes/index.js";
import type { CommandSpec } from "../../lib/command.js";
import { ask } from "../../lib/prompt.js";
import { settingsFrom, withDryRun, withPublishing } from "../../lib/publishing/options.js";
import { runChange } from "../../lib/publishing/run-change.js";

export const command: CommandSpec = {
  command: "unpublish <id>",
  builder: (y) =>
    withDryRun(withPublishing(y))
      .positional("id", { type: "string", describe: "template id" })
      .option("reason", {
        type: "string",
        describe:
          'why users should move away, in one sentence (asked on a terminal; default "Deprecated by its owner." or "Archived by its owner.", naming the replacement)',
      })
      .option("replacement", { type: "string", describe: "id of the active template that replaces it" })
      .option("archive", {
        type: "boolean",
        default: false,
        describe: "archive: hidden from search but still launchable by exact id (default: deprecate, still listed with a warning)",
      })
      .example("$0 marketplace unpublish my-lab --reason 'Superseded by the CUDA 12 build.' --replacement my-lab-cuda12 --as jdoe", "deprecate")
      .example("$0 marketplace unpublish my-lab --archive --reason 'No longer maintained.' --as jdoe", "archive"),
  handler: async (argv) => {
    const id = String(argv.id);
    const actor = settingsFrom(argv).actor;
    const replacement = typeof argv.replacement === "string" ? argv.replacement : undefined;
    const reason =
      typeof argv.reason === "string"
        ? argv.reason
        : ((await ask(`Why should users move away from ${id}? `)) ?? defaultReason(argv.archive === true, replacement));
    return runChange(argv, (registry) =>
      unpublishTemplate(registry, id, {
        actor,
        reason,
        ...(typeof argv.replacement === "string" ? { replacement: argv.replacement } : {}),
        archive: argv.archive === true,
      }),
    );
  },
};

/** The reason recorded when none is given and there is no terminal to ask on (documented in --help). */
export function defaultReason(archive: boolean, replacement: string | undefined): string {
  return `${archive ? "Archived" : "Deprecated"} by its owner${replacement ? `; use ${replacement} instead` : ""}.`;
}
