import { packageTool } from "../provision/base-os.js";
import type { Ecosystem, SoftwareEntry } from "../spec/software.js";
import type { Environment } from "../types/generated.js";

/**
 * The `software` of a version no image was built for: the template's declared packages, each
 * with its constraint as written in `version` ("" when unpinned), with source "declared"
 * (docs/client-spec.md §4.1). Packages that cannot be read as name + constraint are skipped:
 * the validator owns their syntax, and a summary must not guess.
 */
export function declaredSoftware(env: Pick<Environment, "base" | "package_manager" | "packages">): SoftwareEntry[] {
  const p = env.packages ?? {};
  const system: Ecosystem | undefined = packageTool(env) === "dnf" ? "rpm" : packageTool(env) === "apt" ? "deb" : undefined;
  const out: SoftwareEntry[] = [];
  const add = (ecosystem: Ecosystem, parsed: { name: string; version: string } | undefined) => {
    if (parsed) out.push({ ecosystem, ...parsed });
  };
  if (system) for (const s of p.system ?? []) add(system, splitSpec(s, /=/));
  for (const s of p.conda ?? []) add("conda", splitSpec(s.replace(/^[\w.-]+::/, ""), /[<>=!~ ]/));
  for (const s of p.pip ?? []) add("pip", splitSpec(s.replace(/\[[^\]]*\]/, ""), /[<>=!~ ;]/));
  for (const s of p.spack ?? []) {
    // "gromacs@2024.4 +mpi ^openmpi@5.0.5": the root spec's name and version; variants and dependencies are not versions of it.
    const root = s.trim().split(/[\s^+~]/)[0] ?? "";
    const at = root.indexOf("@");
    add("spack", at < 0 ? splitSpec(root, /$^/) : { name: root.slice(0, at), version: root.slice(at) });
  }
  return out.filter((e) => /^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(e.name));
}

/** "samtools>=1.21" → samtools, ">=1.21"; "r-base=4.4" → r-base, "=4.4"; "fastp" → fastp, "". */
function splitSpec(spec: string, operatorStart: RegExp): { name: string; version: string } | undefined {
  const text = spec.trim();
  if (text === "") return undefined;
  const m = operatorStart.exec(text);
  if (!m || m.index === 0) return m ? undefined : { name: text, version: "" };
  return { name: text.slice(0, m.index).trim(), version: text.slice(m.index).replace(/\s+/g, "") };
}
