import yargs, { type Argv } from "yargs";
import { isCwsError } from "../../core/errors.js";
import type { CommandSpec } from "./lib/command.js";
import { CLI_EXIT } from "./lib/errors.js";

interface LazyCommand {
  path: [string] | [string, string];
  describe: string;
  load: () => Promise<{ command: CommandSpec }>;
}

// Only the command being run is imported, so `cws marketplace search` never loads the AWS SDK.
const COMMANDS: LazyCommand[] = [
  { path: ["marketplace", "list"], describe: "List templates, with filters and sorting", load: () => import("./commands/marketplace/list.js") },
  {
    path: ["marketplace", "search"],
    describe: "Search templates by name, tags, description, author and category",
    load: () => import("./commands/marketplace/search.js"),
  },
  { path: ["marketplace", "info"], describe: "Show everything about one template, and how to launch it", load: () => import("./commands/marketplace/info.js") },
  {
    path: ["marketplace", "diff"],
    describe: "Show what changed between two versions of a template, or between a fork and its parent",
    load: () => import("./commands/marketplace/diff.js"),
  },
  {
    path: ["marketplace", "cite"],
    describe: "Print a citation of an exact template version (BibTeX, CFF, RIS or APA)",
    load: () => import("./commands/marketplace/cite.js"),
  },
  { path: ["marketplace", "featured"], describe: "Show the editors' featured templates", load: () => import("./commands/marketplace/featured.js") },
  {
    path: ["marketplace", "trending"],
    describe: "Show the most launched and downloaded templates lately",
    load: () => import("./commands/marketplace/trending.js"),
  },
  { path: ["marketplace", "categories"], describe: "List categories with their template counts", load: () => import("./commands/marketplace/categories.js") },
  {
    path: ["marketplace", "review"],
    describe: "Review a template you used (one review per user per template; --edit changes yours)",
    load: () => import("./commands/marketplace/review.js"),
  },
  {
    path: ["marketplace", "reviews"],
    describe: "Read a template's reviews and rating breakdown (live)",
    load: () => import("./commands/marketplace/reviews.js"),
  },
  {
    path: ["marketplace", "report"],
    describe: "Report a template, or one of its reviews, to the moderators",
    load: () => import("./commands/marketplace/report.js"),
  },
  {
    path: ["marketplace", "publish"],
    describe: "Publish a running workstation, or a template file, as a pull request to the registry",
    load: () => import("./commands/marketplace/publish.js"),
  },
  {
    path: ["marketplace", "update"],
    describe: "Change a template you own: edit fields, bump the version, add a changelog entry",
    load: () => import("./commands/marketplace/update.js"),
  },
  {
    path: ["marketplace", "unpublish"],
    describe: "Deprecate (or --archive) a template you own; templates are never deleted",
    load: () => import("./commands/marketplace/unpublish.js"),
  },
  {
    path: ["marketplace", "fork"],
    describe: "Copy a template to a new id that you own, as a pull request",
    load: () => import("./commands/marketplace/fork.js"),
  },
  {
    path: ["marketplace", "my-publications"],
    describe: "List the templates you own or authored, and your changes still under review",
    load: () => import("./commands/marketplace/my-publications.js"),
  },
  { path: ["launch"], describe: "Launch a workstation from a template (marketplace:<id>[@version])", load: () => import("./commands/launch.js") },
];

const EPILOG = `Exit status: 0 ok, 1 failed (network, marketplace), 2 usage, 3 not found, 4 refused for safety
(untrusted or expired data, AMI owner mismatch, archived template), 70 internal error.
Set NO_COLOR or pass --no-color for plain output; read commands take --json.`;

/** The CLI entry point: the only place that decides the exit status. */
export async function main(argv: string[]): Promise<number> {
  let status: number = CLI_EXIT.ok;
  const run = (spec: CommandSpec) => ({
    command: spec.command,
    describe: spec.describe,
    builder: spec.builder,
    handler: async (args: unknown) => {
      status = await spec.handler(args as never);
    },
  });
  // Commands that are not being run are registered by name and description only, for --help.
  const listing = (c: LazyCommand) => ({ command: c.path.at(-1) ?? "", describe: c.describe, builder: (y: Argv) => y, handler: () => {} });
  const wanted = COMMANDS.find((c) => c.path.every((part, i) => argv[i] === part));
  const loaded = wanted ? (await wanted.load()).command : undefined;
  const register = (y: Argv, c: LazyCommand) => (c === wanted && loaded ? y.command(run(loaded)) : y.command(listing(c)));

  const cli = yargs(argv)
    .scriptName("cws")
    .usage("$0 <command> [options]")
    .option("color", { type: "boolean", default: true, describe: "colour output (--no-color to turn off)" })
    .command("marketplace", "Discover, review, publish and fork community research templates", (y) => {
      for (const c of COMMANDS.filter((x) => x.path[0] === "marketplace")) register(y, c);
      return y.demandCommand(1, "name a marketplace command").recommendCommands();
    })
    .strict()
    .recommendCommands()
    .demandCommand(1, "name a command")
    .epilog(EPILOG)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
  skipHelpCache(cli);
  const launch = COMMANDS.find((c) => c.path[0] === "launch");
  if (launch) register(cli, launch);

  try {
    await cli.parseAsync();
  } catch (error) {
    return report(error);
  }
  return status;
}

class UsageError extends Error {}

function report(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n  hint: run with --help to see the options\n`);
    return CLI_EXIT.usage;
  }
  if (isCwsError(error)) {
    process.stderr.write(`error ${error.code}: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ""}\n`);
    return error.exitCode;
  }
  process.stderr.write(`internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return CLI_EXIT.internal;
}

interface UsageInternals {
  getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } };
}

/**
 * yargs renders the whole help text after every command, in case a later failure has to print
 * it. Our .fail handler never prints it, and rendering it was a tenth of a warm search, so the
 * cache is turned off. Internal yargs API: when it changes, this does nothing.
 */
function skipHelpCache(cli: unknown): void {
  const usage = (cli as UsageInternals).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === "function") usage.cacheHelpMessage = () => {};
}
