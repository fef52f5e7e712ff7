/** A package specification split into a comparable name and its version constraint. */
export interface PackageSpec {
  name: string;
  constraint: string;
}

type Manager = "system" | "conda" | "pip" | "spack";

/**
 * Splits a spec the way each ecosystem writes it: apt "name=1.2", conda "name>=1.2" or
 * "channel::name=1.2", pip "Name[extra]==1.2" (PEP 503 normalised), spack "name@1.2 +variant".
 */
export function parsePackageSpec(manager: Manager, spec: string): PackageSpec {
  const s = spec.trim();
  switch (manager) {
    case "spack": {
      const m = /^([A-Za-z0-9_-]+)(?:@(\S+))?/.exec(s);
      return { name: (m?.[1] ?? s).toLowerCase(), constraint: m?.[2] ?? "" };
    }
    case "pip": {
      const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(.*)$/.exec(s);
      return { name: (m?.[1] ?? s).toLowerCase().replace(/[-_.]+/g, "-"), constraint: (m?.[2] ?? "").replace(/\s+/g, "") };
    }
    case "conda": {
      const bare = s.includes("::") ? s.slice(s.indexOf("::") + 2) : s;
      const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)$/.exec(bare);
      return { name: (m?.[1] ?? bare).toLowerCase(), constraint: normaliseEquals(m?.[2] ?? "") };
    }
    default: {
      const m = /^([A-Za-z0-9][A-Za-z0-9.+_:-]*?)(?:=(\S+))?$/.exec(s);
      return { name: (m?.[1] ?? s).toLowerCase(), constraint: m?.[2] ?? "" };
    }
  }
}

// conda's "x=1.2" and "x==1.2" mean the same pin; compare them as one.
function normaliseEquals(constraint: string): string {
  const c = constraint.replace(/\s+/g, "");
  return c.startsWith("==") ? c.slice(1) : c;
}

/** A constraint that names exactly one version ("1.2", "=1.2", "==1.2", "@1.2"), as opposed to a range. */
export function exactVersion(constraint: string): string | undefined {
  const m = /^(?:==?)?([0-9][0-9A-Za-z.+_-]*)$/.exec(constraint);
  return m?.[1];
}
