import { vi } from "vitest";
import yargs from "yargs";
import type { CommandSpec } from "../../../cli/src/lib/command.js";
import { isCwsError } from "../../../core/errors.js";

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one command module in-process the way cli/src/main.ts does (strict yargs, CwsErrors turned
 * into "error CODE: message" and their exit code), capturing stdout and stderr.
 */
export async function runCommand(spec: CommandSpec, args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  let status = 0;
  try {
    await yargs(args)
      .option("color", { type: "boolean", default: true })
      .command({
        command: spec.command,
        describe: false,
        builder: spec.builder,
        handler: async (argv: unknown) => {
          status = await spec.handler(argv as never);
        },
      })
      .strict()
      .exitProcess(false)
      .fail((message, error) => {
        throw error ?? new Error(`usage: ${message}`);
      })
      .parseAsync();
  } catch (error) {
    if (isCwsError(error)) {
      stderr += `error ${error.code}: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ""}\n`;
      status = error.exitCode;
    } else if (error instanceof Error && error.message.startsWith("usage: ")) {
      stderr += `error: ${error.message}\n`;
      status = 2;
    } else throw error;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { status, stdout, stderr };
}
