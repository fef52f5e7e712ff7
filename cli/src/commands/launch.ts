import type { CommandSpec } from "../lib/command.js";

export const command: CommandSpec = {
  command: "launch <template> <instance-name>",
  describe: "Launch a workstation from a template (marketplace:<id>[@version])",
  builder: (y) => y,
  handler: async () => 1,
};
