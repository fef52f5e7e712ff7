import { forkTemplate } from "../../../../core/registry-changes/index.js";
import type { CommandSpec } from "../../lib/command.js";
import { settingsFrom, withDryRun, withPublishing } from "../../lib/publishing/options.js";
import { runChange } from "../../lib/publishing/run-change.js";

export const command: CommandSpec = {
  command: "fork <id>",
  builder: (y) =>
    withDryRun(withPublishing(y))
      .positional("id", { type: "string", describe: "template to fork" })
      .option("name", { type: "string", alias: "new-id", demandOption: true, describe: "the fork's template id" })
      .option("display-name", { type: "string", describe: 'display name (default: "<parent name> (fork by <you>)")' })
      .option("description", { type: "string", describe: "description (default: the parent's)" })
      .example("$0 marketplace fork jupyter-data-science --name lab-data-science --as jdoe", "fork into your own template"),
  handler: async (argv) => {
    const parent = String(argv.id);
    const actor = settingsFrom(argv).actor;
    return runChange(argv, (registry) =>
      forkTemplate(registry, parent, {
        actor,
        newId: String(argv.name),
        ...(typeof argv.displayName === "string" ? { name: argv.displayName } : {}),
        ...(typeof argv.description === "string" ? { description: argv.description } : {}),
      }),
    );
  },
};
