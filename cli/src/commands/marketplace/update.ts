import type { ChangeKind, ChangeNote } from "../../../../core/registry-changes/index.js";
import { BUMPS, type Bump, type FieldEdit, parseSet, parseUnset, updateTemplate } from "../../../../core/registry-changes/index.js";
import type { CommandSpec } from "../../lib/command.js";
import { CLI_EXIT, cliError } from "../../lib/errors.js";
import { settingsFrom, withDryRun, withPublishing } from "../../lib/publishing/options.js";
import { runChange } from "../../lib/publishing/run-change.js";
import { readUserFile } from "../../lib/user-file.js";

const KINDS: readonly ChangeKind[] = ["added", "changed", "deprecated", "removed", "fixed", "security"];

export const command: CommandSpec = {
  command: "update <id>",
  builder: (y) =>
    withDryRun(withPublishing(y))
      .positional("id", { type: "string", describe: "template id" })
      .option("name", { type: "string", describe: "new display name" })
      .option("description", { type: "string", describe: "new description" })
      .option("set", {
        type: "string",
        array: true,
        nargs: 1,
        describe: "path=value, e.g. environment.instance_defaults.root_volume_gb=100 (JSON values allowed; repeatable)",
      })
      .option("unset", { type: "string", array: true, nargs: 1, describe: "remove a field, e.g. publication.funding_source (repeatable)" })
      .option("readme", { type: "string", describe: "replace README.md with this file" })
      .option("bump", { type: "string", choices: BUMPS as Bump[], default: "patch", describe: "which part of the version to raise" })
      .option("new-version", { type: "string", describe: "set this exact (higher) version instead of --bump" })
      .option("note", {
        type: "string",
        array: true,
        nargs: 1,
        describe: 'changelog line, optionally "fixed: ...", "added: ..." (repeatable; default: the fields changed)',
      })
      .example("$0 marketplace update my-lab --set environment.packages.conda[]=xarray --note 'added: xarray' --bump minor --as jdoe", "add a package")
      .example("$0 marketplace update my-lab --description 'Now with GPU support for training.' --dry-run --as jdoe", "preview an edit"),
  handler: async (argv) => {
    const id = String(argv.id);
    const edits: FieldEdit[] = [...((argv.set as string[] | undefined) ?? []).map(parseSet), ...((argv.unset as string[] | undefined) ?? []).map(parseUnset)];
    const readme = argv.readme ? readUserFile(String(argv.readme), "README") : undefined;
    const notes = ((argv.note as string[] | undefined) ?? []).map(parseNote);
    const actor = settingsFrom(argv).actor;
    return runChange(argv, (registry) =>
      updateTemplate(registry, id, {
        actor,
        ...(typeof argv.name === "string" ? { name: argv.name } : {}),
        ...(typeof argv.description === "string" ? { description: argv.description } : {}),
        edits,
        ...(readme !== undefined ? { readme } : {}),
        bump: argv.bump as Bump,
        ...(typeof argv.newVersion === "string" ? { version: argv.newVersion } : {}),
        notes,
      }),
    );
  },
};

/** "fixed: the jupyter port" → {kind: fixed, ...}; text without a known kind is a "changed" line. */
export function parseNote(text: string): ChangeNote {
  const m = /^\s*([a-z]+)\s*:\s*(.+)$/s.exec(text);
  const kind = m?.[1] as ChangeKind | undefined;
  const description = (kind && KINDS.includes(kind) ? (m?.[2] ?? "") : text).trim();
  if (!description) throw cliError("BAD_NOTE", `--note "${text}" says nothing`, 'write e.g. --note "fixed: JupyterLab starts after a reboot"', CLI_EXIT.usage);
  if (description.length > 500) throw cliError("BAD_NOTE", "a changelog line is limited to 500 characters", "split it into several --note", CLI_EXIT.usage);
  return { kind: kind && KINDS.includes(kind) ? kind : "changed", description };
}
