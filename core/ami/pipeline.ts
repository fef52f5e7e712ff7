import type { S3Client } from "@aws-sdk/client-s3";
import { s3Client } from "../aws/clients.js";
import { runPool } from "../deploy/pool.js";
import { CwsError, EXIT } from "../errors.js";
import type { AmiState, Template } from "../types/generated.js";
import { type ClientsFor, regionClientPool } from "./clients.js";
import type { BuilderSettings, UnitContext } from "./context.js";
import { DEFAULT_POLICY, type LifecyclePolicy } from "./lifecycle.js";
import { type LifecycleReport, runLifecycle } from "./lifecycle-run.js";
import { loadRegistry } from "./load.js";
import { planBuilds } from "./plan.js";
import { DEFAULT_TIMEOUTS, type Runtime, realRuntime, type Timeouts } from "./runtime.js";
import { selectTemplates } from "./select.js";
import { markRetired } from "./state-merge.js";
import { isS3Location, openStateStore, StateRecorder } from "./state-store.js";
import type { BuildPlan, OnProgress, UnitResult } from "./types.js";
import { runUnit } from "./unit.js";

export interface AmiPipelineOptions {
  /** Registry folder (templates/ inside). */
  registry: string;
  /** Build templates changed since this git ref. */
  base?: string;
  /** Build exactly these template ids. */
  templates?: string[];
  /** Plan only: no AWS call at all (an s3:// state is not read either). */
  dryRun?: boolean;
  /** AMI state: a file path or s3://bucket/key. */
  state: string;
  /** Region the builders run in; images are copied from here. */
  buildRegion: string;
  /** Required unless dryRun or lifecycleOnly. */
  builder?: Partial<BuilderSettings>;
  buildId: string;
  /** Git commit for the image tags (default: the registry repository's HEAD). */
  commit?: string;
  /** Builders at once (default 2). */
  concurrency?: number;
  /** CopyImage calls in flight per source image (default 4). */
  copyConcurrency?: number;
  /** Run lifecycle after the builds, with this policy. */
  lifecycle?: Partial<LifecyclePolicy> & { alsoReferenced?: ReadonlySet<string>; builderMaxAgeHours?: number };
  /** Skip the builds (lifecycle only). */
  lifecycleOnly?: boolean;
  /** Test and embedding hooks. */
  clientsFor?: ClientsFor;
  s3?: S3Client;
  runtime?: Runtime;
  timeouts?: Partial<Timeouts>;
  onProgress?: OnProgress;
}

export interface AmiPipelineResult {
  dryRun: boolean;
  buildId: string;
  commit: string;
  state: { location: string; read: boolean };
  plan: BuildPlan;
  units: UnitResult[];
  lifecycle?: LifecycleReport;
  /** True when every unit and lifecycle action succeeded and the plan had no problems. */
  ok: boolean;
}

/**
 * The AMI pipeline: select → plan → for each template × architecture build, test, scrub, image,
 * copy, share, record → optionally lifecycle. Build failures do not throw; they are in the
 * result (ok: false). It throws only for problems with the request itself (unknown --template,
 * missing builder settings, unreadable state).
 */
export async function runAmiPipeline(options: AmiPipelineOptions): Promise<AmiPipelineResult> {
  const registry = await loadRegistry(options.registry, options.base);
  const selection = selectTemplates({
    templates: registry.templates,
    ...(registry.base ? { base: registry.base } : {}),
    ...(options.templates ? { only: options.templates } : {}),
  });
  for (const id of registry.invalid) selection.skipped.push({ templateId: id, reason: "has validation errors (npm run validate)" });
  if (selection.problems.length > 0) {
    const first = selection.problems[0];
    throw new CwsError("CWS-AMI-SELECT", selection.problems.map((p) => p.message).join("; "), first?.hint ?? "", EXIT.usage);
  }

  const commit = options.commit ?? registry.commit ?? "unknown";
  const stateIsS3 = isS3Location(options.state);
  const ownedS3 = stateIsS3 && !options.dryRun && !options.s3 ? s3Client() : undefined;
  const store = openStateStore(options.state, options.s3 ?? ownedS3);
  const pool = options.clientsFor || options.dryRun ? undefined : regionClientPool();
  try {
    // Reading an s3:// state needs credentials, and a dry run must not touch AWS at all.
    const state: AmiState | undefined = options.dryRun && stateIsS3 ? undefined : await store.read();
    const plan = planBuilds(selection, { buildRegion: options.buildRegion, ...(state ? { state } : {}) });
    const base = { buildId: options.buildId, commit, state: { location: options.state, read: state !== undefined }, plan };
    if (options.dryRun) return { ...base, dryRun: true, units: [], ok: plan.problems.length === 0 };

    const clientsFor = options.clientsFor ?? (pool as NonNullable<typeof pool>).clientsFor;
    const rt = options.runtime ?? realRuntime();
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const recorder = new StateRecorder(store);
    const units: UnitResult[] = [];
    if (!options.lifecycleOnly && plan.units.length > 0) {
      const builder = requireBuilder(options.builder);
      await runPool(plan.units, Math.max(1, options.concurrency ?? 2), async (unit) => {
        const ctx: UnitContext = {
          unit,
          buildRegion: options.buildRegion,
          clientsFor,
          rt,
          timeouts,
          builder,
          buildId: options.buildId,
          commit,
          copyConcurrency: Math.max(1, options.copyConcurrency ?? 4),
          steps: [],
          recordSbom: (sbom) =>
            recorder.recordSbom({
              templateId: unit.templateId,
              templateVersion: unit.version,
              arch: unit.arch,
              sbom: {
                build_key: unit.buildKey,
                build_id: options.buildId,
                captured_at: sbom.metadata.timestamp,
                document: sbom as unknown as Record<string, never>,
              },
            }),
          progress: (step, status, detail, region) =>
            options.onProgress?.({
              templateId: unit.templateId,
              arch: unit.arch,
              region: region ?? options.buildRegion,
              step,
              status,
              ...(detail ? { detail } : {}),
            }),
        };
        units.push(await runUnit(ctx, recorder));
      });
    }

    let lifecycle: LifecycleReport | undefined;
    if (options.lifecycle) {
      const latest = await store.read();
      const regions = new Set([options.buildRegion, ...Object.values(latest.templates).flatMap((e) => Object.keys(e?.regions ?? {}))]);
      const { alsoReferenced, builderMaxAgeHours, ...policy } = options.lifecycle;
      lifecycle = await runLifecycle({
        regions: [...regions],
        clientsFor,
        rt,
        state: latest,
        policy: { ...DEFAULT_POLICY, ...policy },
        ...(alsoReferenced ? { alsoReferenced } : {}),
        supportWindowDays: supportWindows(registry.templates),
        ...(builderMaxAgeHours !== undefined ? { builderMaxAgeHours } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      // Versions whose AMIs were just deregistered are marked retired, so the build's version list says so.
      const gone = new Set(lifecycle.results.filter((r) => r.ok && r.action.kind === "deregister").map((r) => r.action.imageId));
      if (gone.size > 0) await store.write(markRetired(await store.read(), gone, rt.now().toISOString()));
    }
    const order = new Map(plan.units.map((u, i) => [`${u.templateId}/${u.arch}`, i]));
    units.sort((a, b) => (order.get(`${a.templateId}/${a.arch}`) ?? 0) - (order.get(`${b.templateId}/${b.arch}`) ?? 0));
    const ok = plan.problems.length === 0 && units.every((u) => u.status === "built") && (lifecycle?.results.every((r) => r.ok) ?? true);
    return { ...base, dryRun: false, units, ...(lifecycle ? { lifecycle } : {}), ok };
  } finally {
    pool?.destroy();
    ownedS3?.destroy();
  }
}

function supportWindows(templates: readonly Template[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of templates) if (t.publication.support_window_days !== undefined) out.set(t.template_id, t.publication.support_window_days);
  return out;
}

function requireBuilder(settings: Partial<BuilderSettings> | undefined): BuilderSettings {
  const missing = [
    ...(settings?.instanceProfile ? [] : ["--instance-profile (CWS_AMI_INSTANCE_PROFILE)"]),
    ...(settings?.subnetId ? [] : ["--subnet (CWS_AMI_SUBNET_ID)"]),
    ...(settings?.securityGroupIds && settings.securityGroupIds.length > 0 ? [] : ["--security-group (CWS_AMI_SECURITY_GROUP_IDS)"]),
  ];
  if (missing.length > 0) {
    throw new CwsError(
      "CWS-AMI-CONFIG",
      `building AMIs needs ${missing.join(", ")}`,
      "the instance profile's role needs AmazonSSMManagedInstanceCore; the subnet must reach SSM (public IP or VPC endpoints); the group needs no inbound rules",
      EXIT.usage,
    );
  }
  return settings as BuilderSettings;
}
