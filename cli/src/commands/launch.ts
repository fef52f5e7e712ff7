import { type LaunchArgs, runLaunch } from "../launch/run.js";
import type { CommandSpec } from "../lib/command.js";
import { withCommon } from "../lib/options.js";

export const command: CommandSpec = {
  command: "launch <template> <instance-name>",
  builder: (y) =>
    withCommon(y)
      .positional("template", { type: "string", describe: "marketplace:<id>[@version], or a template id or exact name" })
      .positional("instance-name", { type: "string", describe: "name of the new instance (its Name tag)" })
      .option("region", { type: "string", describe: "AWS region (default: config region, AWS_REGION, else us-east-1)" })
      .option("instance-type", { type: "string", describe: "EC2 instance type (default: the template's for the architecture)" })
      .option("architecture", {
        type: "string",
        choices: ["x86_64", "arm64"],
        describe: "CPU architecture (default: from --instance-type, else the template's first)",
      })
      .option("param", { type: "string", describe: "launch parameter name=value (repeatable)" })
      .option("key-name", { type: "string", describe: "EC2 key pair to install for SSH" })
      .option("dry-run", { type: "boolean", default: false, describe: "show what would be launched; launch nothing" })
      .option("force", { type: "boolean", default: false, describe: "launch an archived template anyway" })
      .option("prefer-marketplace", { type: "boolean", default: false, describe: "use the marketplace even when a local template has this name" })
      .example("$0 launch marketplace:genomics-pipeline-v3 my-genomics", "launch the current version in the default region")
      .example(
        "$0 launch marketplace:genomics-pipeline-v3@3.2.1 ws --region eu-west-1 --param reference_genome=none --dry-run",
        "show a launch without making it",
      ),
  handler: (argv) =>
    runLaunch({
      ...(argv as unknown as LaunchArgs),
      template: String(argv.template),
      instanceName: String(argv.instanceName),
    }),
};
