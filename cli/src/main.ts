import yargs, { type Argv } from "yargs";
import { isCwsError } from "../../core/errors.js";
import { COMMANDS, type LazyCommand } from "./commands/index.js";
import type { CommandSpec } from "./lib/command.js";
import { CLI_EXIT } from "./lib/errors.js";

const EPILOG = `Exit status: 0 ok, 1 failed (network, marketplace), 2 usage, 3 not found, 4 refused for safety
(untrusted or expired data, AMI owner mismatch, archived template), 70 internal error.
Set NO_COLOR or pass --no-color for plain output; read commands take --json.`;

/** The CLI entry point: the only place that decides the exit status. */
export async function main(argv: string[]): Promise<number> {
  let status: number = CLI_EXIT.ok;
  const run = (spec: CommandSpec, describe: string) => ({
    command: spec.command,
    describe,
    builder: spec.builder,
    handler: async (args: unknown) => {
      status = await spec.handler(args as never);
    },
  });
  // Commands that are not being run are registered by name and description only, for --help.
  const listing = (c: LazyCommand) => ({ command: c.path.at(-1) ?? "", describe: c.describe, builder: (y: Argv) => y, handler: () => {} });
  const wanted = COMMANDS.find((c) => c.path.every((part, i) => argv[i] === part));
  const loaded = wanted ? (await wanted.load()).command : undefined;
  const register = (y: Argv, c: LazyCommand) => (c === wanted && loaded ? y.command(run(loaded, c.describe)) : y.command(listing(c)));

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
