import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { CwsError, EXIT } from "../errors.js";
import { type CycloneDx, sbomFor } from "../sbom/cyclonedx.js";
import { type InstalledPackage, type ListingKind, type ListingProblem, PARSERS } from "../sbom/listings.js";
import { cycloneDxProblems } from "../sbom/validate.js";
import { CAPTURE_STEP_NAME, CHUNK, captureStep, LISTING_FILES, MANIFEST_TAG, readStep } from "./capture-script.js";
import type { UnitContext } from "./context.js";
import { runCommand } from "./ssm-ops.js";
import type { ShellStep } from "./types.js";

/** A listing the builder wrote: its file, and the length and SHA-256 of its base64 form. */
export interface ManifestLine {
  file: string;
  length: number;
  sha256: string;
}

/** A listing must never be larger than this once unpacked; a runaway one fails the capture. */
const MAX_LISTING_BYTES = 64 * 1024 * 1024;
const KNOWN_FILES = new Set(Object.values(LISTING_FILES));

const fail = (message: string, hint = "see the capture step in the build log; no image was made") =>
  new CwsError("CWS-AMI-SBOM", `software capture failed: ${message}`, hint, EXIT.invalid);

/** The manifest lines of the capture step's stdout; anything else there (a tool's chatter) is ignored. */
export function parseManifest(stdout: string): ManifestLine[] {
  const out: ManifestLine[] = [];
  for (const line of stdout.split("\n")) {
    const [tag, file, length, sha256] = line.trim().split("\t");
    if (tag !== MANIFEST_TAG) continue;
    if (!file || !KNOWN_FILES.has(file) || !/^\d+$/.test(length ?? "") || !/^[0-9a-f]{64}$/.test(sha256 ?? ""))
      throw fail(`malformed manifest line ${JSON.stringify(line.slice(0, 120))}`);
    out.push({ file, length: Number(length), sha256: sha256 as string });
  }
  return out;
}

/** Unpacks one listing read back in slices, after checking its length and hash against the manifest. */
export function unpackListing(line: ManifestLine, slices: readonly string[]): string {
  const text = slices.join("");
  if (text.length !== line.length)
    throw fail(`${line.file} came back as ${text.length} characters of the ${line.length} the builder wrote (output cut short?)`);
  if (createHash("sha256").update(text).digest("hex") !== line.sha256) throw fail(`${line.file} does not match its SHA-256 (output altered in transit?)`);
  try {
    return gunzipSync(Buffer.from(text, "base64"), { maxOutputLength: MAX_LISTING_BYTES }).toString("utf8");
  } catch (error) {
    throw fail(`${line.file} does not unpack: ${(error as Error).message}`);
  }
}

const describe = (p: ListingProblem) => `${p.listing} ${p.where}: ${p.message}`;

/**
 * Turns the unpacked listings into packages. Any malformed line fails the capture: an SBOM that
 * silently left out what it could not read would claim an image holds less than it does.
 */
export function packagesFrom(listings: ReadonlyMap<string, string>): { packages: InstalledPackage[]; os?: { id: string; versionId: string } } {
  const packages: InstalledPackage[] = [];
  const problems: ListingProblem[] = [];
  let system = 0;
  for (const [kind, file] of Object.entries(LISTING_FILES) as [ListingKind | "os-release", string][]) {
    const text = listings.get(file);
    if (text === undefined || kind === "os-release") continue;
    const parsed = PARSERS[kind](text);
    packages.push(...parsed.packages);
    problems.push(...parsed.problems);
    if (kind === "deb" || kind === "rpm") system += parsed.packages.length;
  }
  if (problems.length > 0) {
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : "";
    throw fail(`${problems.length} unreadable listing entr${problems.length === 1 ? "y" : "ies"}: ${problems.slice(0, 5).map(describe).join("; ")}${more}`);
  }
  if (system === 0) throw fail("the builder listed no system packages", "the dpkg or rpm database is empty or unreadable on the builder");
  const [id, versionId] = (listings.get(LISTING_FILES["os-release"]) ?? "").trim().split("\t");
  return { packages, ...(id ? { os: { id, versionId: versionId ?? "" } } : {}) };
}

/**
 * Records what is installed on the provisioned builder as a CycloneDX 1.5 SBOM: one capture
 * step writes the listings, then each is read back in slices under SSM's output limit, checked
 * and parsed. Runs after validation and before the scrub (which removes the files). Throws
 * CWS-AMI-SBOM on any failure, so no image is taken without its SBOM.
 */
export async function captureSoftware(ctx: UnitContext, instanceId: string): Promise<CycloneDx> {
  ctx.progress(CAPTURE_STEP_NAME, "start");
  const { stdout } = await step(ctx, instanceId, captureStep(ctx.unit.listings), "sbom-capture.sh", true);
  const manifest = parseManifest(stdout);
  if (!manifest.some((m) => m.file === LISTING_FILES.deb || m.file === LISTING_FILES.rpm)) throw fail("the builder wrote no system package listing");
  const listings = new Map<string, string>();
  let reads = 0;
  for (const line of manifest) {
    const slices: string[] = [];
    for (let i = 0; i * CHUNK < line.length; i++) {
      slices.push((await step(ctx, instanceId, readStep(line.file, i), "sbom-read.sh", false)).stdout.trim());
      reads += 1;
    }
    listings.set(line.file, unpackListing(line, slices));
  }
  const { packages, os } = packagesFrom(listings);
  const u = ctx.unit;
  const sbom = sbomFor(
    { templateId: u.templateId, version: u.version, arch: u.arch, buildKey: u.buildKey, ...(os ? { os } : {}), capturedAt: ctx.rt.now().toISOString() },
    packages,
  );
  const problems = cycloneDxProblems(sbom);
  if (problems.length > 0) throw fail(`the SBOM does not validate against CycloneDX 1.5: ${problems.join("; ")}`, "this is a bug; please report it");
  ctx.progress(CAPTURE_STEP_NAME, "done", `${packages.length} packages from ${manifest.length} listings in ${reads + 1} commands`);
  return sbom;
}

async function step(ctx: UnitContext, instanceId: string, s: ShellStep, file: string, keepOutput: boolean) {
  const started = ctx.rt.now().getTime();
  const { ssm } = ctx.clientsFor(ctx.buildRegion);
  const result = await runCommand(ssm, ctx.rt, instanceId, s, file, { pollMs: ctx.timeouts.pollMs, graceMs: ctx.timeouts.commandGraceMs });
  const ok = result.status === "Success";
  // The slices are the SBOM itself, not log material: only their size goes in the build log.
  ctx.steps.push({
    name: s.name,
    status: ok ? "ok" : "failed",
    durationMs: ctx.rt.now().getTime() - started,
    exitCode: result.exitCode,
    stdout: keepOutput ? result.stdout.slice(-24_000) : `(${result.stdout.length} characters)`,
    stderr: result.stderr.slice(-24_000),
  });
  if (!ok) {
    const last = (result.stderr || result.stdout).trim().split("\n").pop()?.slice(0, 200) ?? "";
    ctx.progress(CAPTURE_STEP_NAME, "fail", `${s.name}: ${result.status} (exit ${result.exitCode}) ${last}`);
    throw fail(`"${s.name}" ${result.status === "TimedOut" ? "timed out" : `exited ${result.exitCode}`}: ${last}`);
  }
  return result;
}
