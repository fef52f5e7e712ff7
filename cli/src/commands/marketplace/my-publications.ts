import { myPublications, type Publication } from "../../../../core/registry-changes/index.js";
import { RegistryWorkspace } from "../../../../core/registry-changes/workspace.js";
import { compareSemver } from "../../../../core/util/semver.js";
import type { CommandSpec } from "../../lib/command.js";
import { dim, table, yellow } from "../../lib/output.js";
import { outputFor, settingsFrom, withPublishing } from "../../lib/publishing/options.js";
import { readSubmissions, type SubmissionRecord } from "../../lib/publishing/submissions.js";

export const command: CommandSpec = {
  command: "my-publications",
  builder: (y) => withPublishing(y).example("$0 marketplace my-publications --as jdoe", "what you publish"),
  handler: async (argv) => {
    const out = outputFor(argv);
    const settings = settingsFrom(argv);
    const ws = await RegistryWorkspace.open({ settings, onProgress: (m) => (out.json ? undefined : process.stderr.write(`${dim(out, m)}\n`)) });
    let mine: Publication[];
    try {
      mine = myPublications(await ws.readRegistry(), settings.actor);
    } finally {
      ws.close();
    }
    const byId = new Map(mine.map((p) => [p.template_id, p]));
    // Pushed from this machine and not on the base branch yet: still in review (or closed unmerged).
    const pending = latestPerTemplate(readSubmissions().filter((s) => s.registry === settings.registryRepo && s.actor === settings.actor)).filter(
      (s) => compareSemver(s.version, byId.get(s.template_id)?.version ?? "0.0.0") > 0,
    );
    if (out.json) {
      out.data({ user: settings.actor, registry: settings.registryRepo, base: ws.baseOid, templates: mine, pending });
      return 0;
    }
    if (mine.length === 0) out.line(`${settings.actor} owns no templates in ${settings.registryRepo} (${settings.registryBranch})`);
    else
      out.line(
        table(
          mine.map((p) => [
            p.template_id,
            p.version,
            p.maintenance_status === "active" ? p.maintenance_status : yellow(out, p.maintenance_status),
            p.visibility,
            p.role,
            p.updated ?? "",
            [p.forked_from ? `fork of ${p.forked_from.template_id}` : "", p.forks.length ? `forks: ${p.forks.join(", ")}` : ""].filter(Boolean).join("; "),
          ]),
          ["ID", "VERSION", "STATUS", "VISIBILITY", "ROLE", "UPDATED", "LINEAGE"],
        ),
      );
    if (pending.length > 0) {
      out.line(`\nIn review (pushed from this machine, not on ${settings.registryBranch} yet):`);
      out.line(table(pending.map((s) => [`  ${s.template_id}`, s.version, s.verb, s.url || s.branch])));
    }
    return 0;
  },
};

function latestPerTemplate(list: SubmissionRecord[]): SubmissionRecord[] {
  const latest = new Map<string, SubmissionRecord>();
  for (const s of list) {
    const seen = latest.get(s.template_id);
    if (!seen || compareSemver(s.version, seen.version) >= 0) latest.set(s.template_id, s);
  }
  return [...latest.values()].sort((a, b) => a.template_id.localeCompare(b.template_id));
}
