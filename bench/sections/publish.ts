import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MANIFEST_PATH } from "../../core/build/manifest.js";
import type { Template } from "../../core/types/generated.js";
import { editTemplate } from "../corpus/edit.js";
import type { SizeContext } from "../lib/context.js";
import { row } from "../lib/measure.js";
import type { Row } from "../lib/row.js";
import { buildOnce } from "../lib/tree.js";
import { publishOnce, startS3Child } from "./publish-run.js";

const BUCKET = "cdn";

/**
 * An incremental publish after a one-template release, with the real publish code
 * (core/deploy/publish-tree.ts) against s3rver on loopback: build v1 into D and publish it,
 * edit one template (version bump, changelog entry, reworded sentence), rebuild into the same D
 * so the previous TUF metadata is there, publish again and count what the second publish
 * uploaded. The tree is built without the site: site pages that list the template would add
 * their own objects (see BENCHMARKS.md).
 */
export async function publishSection(s: SizeContext): Promise<Row[]> {
  const { bench, size } = s;
  // The build section's tree is exactly v1 (same registry, same SOURCE_DATE_EPOCH); reuse it
  // rather than build 10,000 templates again. This section runs last because it changes it.
  const tree = s.tree ?? `${bench.dir(`size-${size}`)}/tree`;
  if (!s.tree) await buildOnce(bench, s.registry, tree);
  s.tree = undefined;

  const chosen = s.corpus.templates.find((g) => g.template.publication.maintenance_status === "active")?.template;
  if (!chosen) throw new Error("the corpus has no active template to release");
  const file = join(s.registry, "templates", chosen.template_id, "template.json");
  const original = readFileSync(file, "utf8");
  const s3 = await startS3Child(bench.dir(`size-${size}/s3`), BUCKET, bench.profFlags(`s3rver-${size}`));
  try {
    bench.log(`publish ${size}: full publish of v1`);
    // The first, full publish is only setup: more requests in flight get it done sooner.
    const first = await publishOnce(s3.endpoint, BUCKET, tree, 16);
    writeFileSync(file, `${JSON.stringify(editTemplate(JSON.parse(original) as Template), null, 2)}\n`);
    // Signed at the clock (later than bench.epoch, so every version goes up), like CI: only then
    // does the build read the previous metadata in the tree and keep unchanged hash bins.
    while (Math.floor(Date.now() / 1000) <= bench.epoch) await new Promise((r) => setTimeout(r, 200));
    const built = await buildOnce(bench, s.registry, tree, { clock: true });
    bench.log(`publish ${size}: incremental publish after editing ${chosen.template_id}`);
    const second = await publishOnce(s3.endpoint, BUCKET, tree);
    // Floor of planning from a manifest: read and JSON.parse the build manifest, nothing else.
    const floorStarted = performance.now();
    JSON.parse(readFileSync(join(tree, MANIFEST_PATH), "utf8"));
    const floorMs = performance.now() - floorStarted;
    if (bench.options.verbose) for (const key of second.keys) process.stderr.write(`[bench]   uploaded ${key}\n`);
    const tuf = built.split("\n").find((line) => line.startsWith("TUF:"));
    const releaseDetail = { template: chosen.template_id, build: built.trim().split("\n"), keys: second.keys, deletes: second.deletes, kept: second.kept };
    return [
      row("publish", "publish.full.objects", "publish v1 (full): objects uploaded", size, "count", first.uploads, {
        note: `${(first.ms / 1000).toFixed(1)} s, ${(first.bytes / 1e6).toFixed(1)} MB`,
        detail: { ms: first.ms, bytes: first.bytes },
      }),
      row("publish", "publish.change.objects", "publish after 1-template change: objects", size, "count", second.uploads, {
        note: `${second.stateWritten ? "+ the publish-state object; " : ""}${tuf?.replace(/^TUF: /, "") ?? ""}`,
        detail: releaseDetail,
      }),
      row("publish", "publish.change.bytes", "publish after 1-template change: bytes", size, "bytes", second.bytes),
      row("publish", "publish.change.ms", "publish after 1-template change: time", size, "ms", second.ms, { note: "1 run" }),
      row("publish", "publish.change.plan_ms", "publish after 1-template change: planning", size, "ms", second.planMs, {
        note: `${second.planCpuMs.toFixed(0)} ms CPU; ${(second.planMs / floorMs).toFixed(1)}× reading + JSON.parse of the manifest (${floorMs.toFixed(0)} ms); until the first upload could start: the build manifest, the bucket inventory, the plan, the journal`,
        detail: { cpuMs: second.planCpuMs, floorMs },
      }),
    ];
  } finally {
    writeFileSync(file, original);
    await s3.close();
  }
}
