/**
 * A linear Targets.fromJSON and toJSON for the @tufjs/models copy that tuf-js uses. The library
 * builds a role's `targets` map with `reduce` and an object spread per entry, quadratic in the
 * number of targets: on a 10,000-template registry a hash bin holds ~1,100 targets, and parsing
 * and re-serialising one (for its signature check) was 30–40% of an `info` that refreshed.
 *
 * Same objects, same errors, same signed bytes: only how the map is built changes (a loop).
 * Verification is untouched: tuf-js still checks every bin's length and hash against the
 * snapshot and its signatures over the canonical JSON of toJSON() (tests/tuf/fast-targets.test.ts
 * compares both with the library's on real bins and on odd input).
 */

/** The members of @tufjs/models' TargetFile this uses. */
export interface TargetFileClass {
  fromJSON(path: string, data: Record<string, unknown>): { toJSON(): Record<string, unknown> };
}

interface TargetsInstance {
  type: string;
  specVersion: string;
  version: number;
  expires: string;
  targets: Record<string, { toJSON(): Record<string, unknown> }>;
  delegations?: { toJSON(): Record<string, unknown> };
  unrecognizedFields: Record<string, unknown>;
}

/** The members of @tufjs/models' Targets class this replaces. */
export interface TargetsClass {
  name: string;
  fromJSON(data: Record<string, unknown>): TargetsInstance;
  prototype: { toJSON(): Record<string, unknown> };
}

const PATCHED = Symbol.for("cws.tuf-fast-targets");

/** True once patchTargets replaced this class's methods. */
export function isPatched(targets: TargetsClass): boolean {
  return (targets as unknown as Record<symbol, unknown>)[PATCHED] === true;
}

/**
 * Replaces Targets.fromJSON and Targets.prototype.toJSON with linear versions; a class that does
 * not look like @tufjs/models' is left alone (the library's code is slower, never less safe).
 * Returns whether the class is patched.
 */
export function patchTargets(targets: TargetsClass, targetFile: TargetFileClass): boolean {
  if (isPatched(targets)) return true;
  if (targets.name !== "Targets" || typeof targets.fromJSON !== "function" || typeof targets.prototype.toJSON !== "function") return false;
  if (typeof targetFile.fromJSON !== "function") return false;
  const original = targets.fromJSON;
  // The library's own fromJSON parses everything but the targets (common fields, delegations,
  // unknown fields, with its checks and errors), then the map is built in one pass.
  targets.fromJSON = function fromJSON(data: Record<string, unknown>): TargetsInstance {
    const { targets: map, ...rest } = data;
    const out = original.call(this, rest);
    if (map !== undefined) out.targets = targetsFromJSON(map, targetFile);
    return out;
  };
  targets.prototype.toJSON = function toJSON(this: TargetsInstance): Record<string, unknown> {
    const json: Record<string, unknown> = {
      _type: this.type,
      spec_version: this.specVersion,
      version: this.version,
      expires: this.expires,
      targets: targetsToJSON(this.targets),
      ...this.unrecognizedFields,
    };
    if (this.delegations) json.delegations = this.delegations.toJSON();
    return json;
  };
  Object.defineProperty(targets, PATCHED, { value: true });
  return true;
}

/**
 * Patches the Targets class of a refreshed tuf-js Updater, found through the top-level targets
 * it trusts (tuf-js exports neither Targets nor Metadata, and bundles its own @tufjs/models).
 */
export function patchUpdaterTargets(updater: object, targetFile: TargetFileClass): boolean {
  const store = (updater as { trustedSet?: { targets?: { signed?: unknown } } }).trustedSet;
  const signed = store?.targets?.signed;
  if (typeof signed !== "object" || signed === null) return false;
  return patchTargets(signed.constructor as unknown as TargetsClass, targetFile);
}

function targetsFromJSON(data: unknown, targetFile: TargetFileClass): TargetsInstance["targets"] {
  // The library's guard.isObjectRecord, with its error.
  if (typeof data !== "object" || data === null || !Object.values(data).every((v) => typeof v === "object" && v !== null)) {
    throw new TypeError("targets must be an object");
  }
  const out: TargetsInstance["targets"] = {};
  for (const [path, target] of Object.entries(data as Record<string, Record<string, unknown>>)) define(out, path, targetFile.fromJSON(path, target));
  return out;
}

function targetsToJSON(targets: TargetsInstance["targets"]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, target] of Object.entries(targets)) define(out, path, target.toJSON());
  return out;
}

/** An own enumerable property, as an object literal's computed key makes it (even "__proto__"). */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
