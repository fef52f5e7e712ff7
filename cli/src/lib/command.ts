import type { Argv } from "yargs";

export type Args = Record<string, unknown> & { _: (string | number)[]; $0: string };

/** A command file's export: yargs needs the builder at parse time; the handler returns the exit code. */
export interface CommandSpec {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<unknown>;
  handler: (argv: Args) => Promise<number>;
}
