import type { Argv } from "yargs";

export type Args = Record<string, unknown> & { _: (string | number)[]; $0: string };

/**
 * A command file's export: yargs needs the builder at parse time; the handler returns the exit
 * code. The description lives in cli/src/commands/index.ts, which --help reads without loading this.
 */
export interface CommandSpec {
  command: string;
  builder: (y: Argv) => Argv<unknown>;
  handler: (argv: Args) => Promise<number>;
}
