import { EXIT, isCwsError } from "../../core/errors.js";

/**
 * Runs a script's main function and is the only place scripts set their exit status.
 * Expected failures (CwsError, bad arguments) print one clear line; anything else is a bug
 * and prints its stack.
 */
export async function runScript(usage: string, main: (argv: string[]) => Promise<number>): Promise<void> {
  // Scripts target Node 20 on purpose; the AWS SDK's advice to move to 22 would print on every run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    if (isCwsError(error)) {
      process.stderr.write(`error ${error.code}: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ""}\n`);
      process.exitCode = error.exitCode;
    } else if (isArgumentError(error)) {
      process.stderr.write(`error: ${(error as Error).message}\n\n${usage}\n`);
      process.exitCode = EXIT.usage;
    } else {
      process.stderr.write(`internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT.internal;
    }
  }
}

// parseArgs reports unknown or malformed options as errors with ERR_PARSE_ARGS_* codes.
function isArgumentError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

/** Colour only for terminals, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(disabled: boolean): boolean {
  return !disabled && !("NO_COLOR" in process.env && process.env.NO_COLOR !== "") && process.stdout.isTTY === true;
}
