import type { LifecycleReport } from "./lifecycle-run.js";
import type { AmiPipelineResult } from "./pipeline.js";
import { describeSharing } from "./sharing.js";
import type { BuildUnit, ProgressEvent } from "./types.js";

/** Human-readable output of build-amis. Pure: returns text, the script prints it. */

const MARK: Record<ProgressEvent["status"], string> = { start: "…", done: "ok", skip: "skip", fail: "FAIL", info: "·", warn: "WARN" };

export function formatProgress(e: ProgressEvent): string {
  const where = [e.templateId, e.arch, e.region].filter(Boolean).join(" ");
  return `[${where}] ${e.step}: ${MARK[e.status]}${e.detail ? ` ${e.detail}` : ""}`;
}

function unitLines(u: BuildUnit, buildRegion: string): string[] {
  const lines = [
    `  ${u.templateId} ${u.version} ${u.arch}`,
    `    builder: ${u.instanceType} in ${buildRegion}, root ${u.rootVolumeGb} GiB, IMDSv2, tagged cws:build-key=${u.buildKey}`,
    imageLine(u, buildRegion),
  ];
  for (const [i, s] of u.steps.entries()) lines.push(`    step ${i + 1}: ${s.name} (timeout ${s.timeoutSeconds} s)`);
  lines.push(
    `    validation: ${u.tests.length} test${u.tests.length === 1 ? "" : "s"} as ${u.runAs}${u.tests.length > 0 ? `: ${u.tests.map((t) => t.name).join(", ")}` : ""}`,
  );
  lines.push("    then: scrub, stop, CreateImage, wait available, terminate builder");
  const pending = u.targetRegions.filter((r) => !u.recordedRegions.includes(r));
  lines.push(`    regions: ${pending.join(", ") || "none"}${u.recordedRegions.length > 0 ? ` (already recorded: ${u.recordedRegions.join(", ")})` : ""}`);
  lines.push(`    sharing: ${describeSharing(u.sharing)}`);
  for (const note of u.notes) lines.push(`    note: ${note}`);
  return lines;
}

function imageLine(u: BuildUnit, buildRegion: string): string {
  if (u.from.kind === "base") return `    base image: SSM parameter ${u.from.parameter} (resolved when the build runs)`;
  const { image } = u.from;
  const copy = image.region === buildRegion ? "" : `, copied to ${buildRegion} first`;
  return `    image: from captured image ${image.image_id} (owner ${image.owner_id}) in ${image.region}${copy}; its owner is checked before anything is launched`;
}

export function formatPlan(result: AmiPipelineResult): string {
  const { plan } = result;
  const lines = [`AMI build plan ${result.buildId} (commit ${result.commit.slice(0, 12)})${result.dryRun ? " — dry run: nothing is called or changed" : ""}`];
  lines.push(`state: ${result.state.location}${result.state.read ? "" : " (not read: an s3:// state needs AWS, which a dry run never calls)"}`);
  if (plan.units.length === 0) lines.push("nothing to build");
  else lines.push(`build ${plan.units.length} image${plan.units.length === 1 ? "" : "s"}:`);
  for (const u of plan.units) lines.push(...unitLines(u, plan.buildRegion));
  for (const u of plan.upToDate) lines.push(`  up to date: ${u.templateId} ${u.version} ${u.arch} (every region recorded)`);
  for (const p of plan.problems) lines.push(`  problem: ${p.templateId}${p.arch ? ` ${p.arch}` : ""}: ${p.message} (${p.hint})`);
  for (const s of plan.skipped) lines.push(`  skipped: ${s.templateId}: ${s.reason}`);
  return lines.join("\n");
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

export function formatSummary(result: AmiPipelineResult): string {
  const rows = [["TEMPLATE", "VERSION", "ARCH", "REGION", "RESULT", "AMI", "NOTE"]];
  for (const u of result.units) {
    if (u.regions.length === 0) rows.push([u.templateId, u.version, u.arch, "-", u.status, "-", u.error ?? ""]);
    for (const r of u.regions) {
      const note = r.status === "failed" ? (r.error ?? u.error ?? "") : "";
      rows.push([u.templateId, u.version, u.arch, r.region, r.status, r.imageId ?? "-", note.slice(0, 100)]);
    }
  }
  for (const u of result.plan.upToDate) rows.push([u.templateId, u.version, u.arch, "*", "up-to-date", "-", ""]);
  for (const p of result.plan.problems) rows.push([p.templateId, "-", p.arch ?? "-", "-", "not built", "-", p.message.slice(0, 100)]);
  const built = result.units.filter((u) => u.status === "built").length;
  const lines = rows.length > 1 ? table(rows) : ["nothing was built"];
  lines.push("", `${built}/${result.units.length} image builds complete${result.ok ? "" : "; see FAIL lines above and the build log"}`);
  if (result.lifecycle) lines.push(...formatLifecycle(result.lifecycle));
  return lines.join("\n");
}

export function formatLifecycle(report: LifecycleReport): string[] {
  const lines = ["", "lifecycle:"];
  for (const r of report.results)
    lines.push(`  ${r.ok ? "" : "FAILED "}${r.action.kind} ${r.action.imageId} in ${r.action.region} (${r.action.reason})${r.error ? `: ${r.error}` : ""}`);
  for (const b of report.terminatedBuilders) lines.push(`  terminated stale builder ${b.instanceId} (${b.templateId}) in ${b.region}`);
  for (const w of report.plan.warnings) lines.push(`  WARNING ${w.region}: ${w.message}`);
  lines.push(`  ${report.results.length} action(s), ${report.plan.kept.length} image(s) kept, ${report.plan.warnings.length} warning(s)`);
  return lines;
}
