import type { Ecosystem } from "../spec/software.js";

/**
 * Parsers for the package listings the AMI build captures from a builder (core/ami/capture.ts
 * says which commands print them). Pure: text in, packages and problems out. A malformed line
 * or item is a problem with its place (line number, or JSON pointer), never an exception, so
 * the capture can fail with a message that says where.
 */

export type ListingKind = "deb" | "rpm" | "conda" | "pip" | "spack";

export interface InstalledPackage {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  /** The package's own architecture when the tool reports it (amd64, x86_64, noarch, linux-64). */
  arch?: string;
}

export interface ListingProblem {
  listing: ListingKind;
  /** "line 12" for line listings, a JSON pointer ("/3/version") for JSON ones. */
  where: string;
  message: string;
}

export interface ParsedListing {
  packages: InstalledPackage[];
  problems: ListingProblem[];
}

const PACKAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+:@-]*$/;
const VERSION_TEXT = /^[A-Za-z0-9][A-Za-z0-9.+~:_-]*$/;
const show = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

function lines(text: string): { n: number; line: string }[] {
  return text
    .split("\n")
    .map((line, i) => ({ n: i + 1, line: line.replace(/\r$/, "") }))
    .filter((l) => l.line.trim() !== "");
}

/**
 * `dpkg-query -W -f='${db:Status-Abbrev}\t${Package}\t${Version}\t${Architecture}\n'`. Only
 * installed packages count ("ii"); removed-but-configured ("rc") and half-installed ones are not
 * in the image as software.
 */
export function parseDpkg(text: string): ParsedListing {
  const out: ParsedListing = { packages: [], problems: [] };
  for (const { n, line } of lines(text)) {
    const problem = (message: string) => out.problems.push({ listing: "deb", where: `line ${n}`, message });
    const fields = line.split("\t");
    if (fields.length !== 4) {
      problem(`expected 4 tab-separated fields (status, package, version, architecture), got ${fields.length}: ${show(line)}`);
      continue;
    }
    const [status = "", name = "", version = "", arch = ""] = fields;
    if (!/^[a-z][a-z ][a-z ]?$/i.test(status.trimEnd() || "?")) {
      problem(`status ${show(status)} is not a dpkg status abbreviation`);
      continue;
    }
    if (!status.startsWith("ii")) continue;
    if (!PACKAGE_NAME.test(name)) problem(`package name ${show(name)} is not a Debian package name`);
    else if (!VERSION_TEXT.test(version)) problem(`version ${show(version)} of ${name} is not a Debian version`);
    else out.packages.push({ ecosystem: "deb", name, version, ...(arch ? { arch } : {}) });
  }
  return out;
}

/** `rpm -qa --qf '%{NAME}\t%{EPOCH}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\n'`; EPOCH is "(none)" or a number. */
export function parseRpm(text: string): ParsedListing {
  const out: ParsedListing = { packages: [], problems: [] };
  for (const { n, line } of lines(text)) {
    const problem = (message: string) => out.problems.push({ listing: "rpm", where: `line ${n}`, message });
    const fields = line.split("\t");
    if (fields.length !== 5) {
      problem(`expected 5 tab-separated fields (name, epoch, version, release, arch), got ${fields.length}: ${show(line)}`);
      continue;
    }
    const [name = "", epoch = "", version = "", release = "", arch = ""] = fields;
    // gpg-pubkey entries are imported signing keys, not software.
    if (name === "gpg-pubkey") continue;
    if (!PACKAGE_NAME.test(name)) problem(`package name ${show(name)} is not an RPM name`);
    else if (epoch !== "(none)" && !/^\d+$/.test(epoch)) problem(`epoch ${show(epoch)} of ${name} is neither a number nor (none)`);
    else if (!VERSION_TEXT.test(version) || !VERSION_TEXT.test(release)) problem(`version ${show(`${version}-${release}`)} of ${name} is not an RPM version`);
    else {
      const full = `${epoch === "(none)" || epoch === "0" ? "" : `${epoch}:`}${version}-${release}`;
      out.packages.push({ ecosystem: "rpm", name, version: full, ...(arch ? { arch } : {}) });
    }
  }
  return out;
}

/** A JSON array of objects, each with string `name` and `version`; problems by JSON pointer. */
function parseJsonList(listing: ListingKind, text: string, toPackage: (item: Record<string, unknown>) => InstalledPackage | "skip" | undefined): ParsedListing {
  const out: ParsedListing = { packages: [], problems: [] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    out.problems.push({ listing, where: "/", message: `not JSON (${(error as Error).message})` });
    return out;
  }
  if (!Array.isArray(data)) {
    out.problems.push({ listing, where: "/", message: `expected a JSON array of packages, got ${data === null ? "null" : typeof data}` });
    return out;
  }
  data.forEach((item: unknown, i) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      out.problems.push({ listing, where: `/${i}`, message: "expected an object with name and version" });
      return;
    }
    const obj = item as Record<string, unknown>;
    for (const key of ["name", "version"]) {
      if (typeof obj[key] !== "string" || obj[key] === "") {
        out.problems.push({ listing, where: `/${i}/${key}`, message: `missing or not a string` });
        return;
      }
    }
    if (!PACKAGE_NAME.test(obj.name as string)) {
      out.problems.push({ listing, where: `/${i}/name`, message: `${show(obj.name as string)} is not a package name` });
      return;
    }
    if (!VERSION_TEXT.test(obj.version as string)) {
      out.problems.push({ listing, where: `/${i}/version`, message: `${show(obj.version as string)} is not a version` });
      return;
    }
    const pkg = toPackage(obj);
    if (pkg && pkg !== "skip") out.packages.push(pkg);
  });
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** `conda list --json`. Entries conda reports from the pypi channel are pip's and come from `pip list`. */
export function parseCondaList(text: string): ParsedListing {
  return parseJsonList("conda", text, (o) => {
    if (o.channel === "pypi") return "skip";
    const arch = str(o.platform);
    return { ecosystem: "conda", name: o.name as string, version: o.version as string, ...(arch ? { arch } : {}) };
  });
}

/** `pip list --format json`. */
export function parsePipList(text: string): ParsedListing {
  return parseJsonList("pip", text, (o) => ({ ecosystem: "pip", name: o.name as string, version: o.version as string }));
}

/** `spack find --json`: one spec per installed package; arch is target (x86_64_v3, neoverse_v1) when present. */
export function parseSpackFind(text: string): ParsedListing {
  return parseJsonList("spack", text, (o) => {
    const arch = o.arch as { target?: unknown } | undefined;
    const target = typeof arch?.target === "string" ? arch.target : str((arch?.target as { name?: unknown } | undefined)?.name);
    return { ecosystem: "spack", name: o.name as string, version: o.version as string, ...(target ? { arch: target } : {}) };
  });
}

export const PARSERS: Record<ListingKind, (text: string) => ParsedListing> = {
  deb: parseDpkg,
  rpm: parseRpm,
  conda: parseCondaList,
  pip: parsePipList,
  spack: parseSpackFind,
};
