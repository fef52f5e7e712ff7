/**
 * How a builder step travels through SSM Run Command. The step's own commands come from
 * core/provision (install steps) or this folder (tests, scrub); quoting is core/shell's.
 */

import { quote } from "../shell/quote.js";

/** A command that writes `content` to `path` byte for byte; base64 text needs no quoting at all. */
export function writeFileCommand(path: string, content: string, mode = "0644"): string {
  const encoded = Buffer.from(content, "utf8").toString("base64");
  return `echo ${encoded} | base64 -d > ${quote(path)} && chmod ${mode} ${quote(path)}`;
}

/** Every step starts strict so a failing command fails the step instead of being skipped over. */
export const STRICT = "set -euo pipefail";

/**
 * The lines sent to AWS-RunShellScript for a step. The agent runs its script with /bin/sh, which
 * is dash on Ubuntu (no pipefail, no arrays), so the step travels as a bash script file instead.
 */
export function bashScriptLines(workDir: string, file: string, commands: readonly string[]): string[] {
  const path = `${workDir}/${file}`;
  return [`install -d -m 0700 ${quote(workDir)}`, writeFileCommand(path, `${commands.join("\n")}\n`, "0700"), `exec bash ${quote(path)}`];
}
