/**
 * The launchable part: CloudWorkstation's own field names are kept in `environment`, so most
 * fields copy across; the work is in choosing defaults CloudWorkstation leaves implicit and in
 * rejecting values the marketplace schema forbids, at their position in the YAML.
 */
import { osPackageTool } from "../provision/base-os.js";
import { requotePlaceholders } from "../shell/placeholder-contexts.js";
import type { Architecture, Environment } from "../types/generated.js";
import { mapServices, mapUsers } from "./map-accounts.js";
import { mapBase } from "./map-base.js";
import { mapInstanceDefaults } from "./map-instance.js";
import { mapParameters } from "./map-parameters.js";
import type { Path, Source } from "./source.js";

type Base = Environment["base"];
type PackageManager = Environment["package_manager"];
type Packages = NonNullable<Environment["packages"]>;

const MANAGERS: readonly PackageManager[] = ["apt", "dnf", "conda", "spack", "pip", "ami"];
const PACKAGE_KINDS = ["system", "conda", "pip", "spack"] as const;
// The schema's packageList item: words without whitespace runs or shell metacharacters.
const PACKAGE = /^[^\s;|&`$\\]+(?: [^\s;|&`$\\]+)*$/;

/** The environment, and the architectures that have a default instance type (see map-instance.ts). */
export function mapEnvironment(src: Source, architecture: readonly Architecture[]): { environment: Environment; architecture: Architecture[] } | undefined {
  // Everything is mapped even when the base is unusable, so one run reports every problem.
  const base = mapBase(src);
  const packages = mapPackages(src);
  const pm = base && mapPackageManager(src, base, packages);
  if (pm) checkPackagesFit(src, pm, packages);
  const users = mapUsers(src);
  const services = mapServices(src);
  const connection = mapConnection(src);
  const all = packages ? PACKAGE_KINDS.flatMap((k) => packages[k] ?? []) : [];
  const instance = mapInstanceDefaults(src, architecture, all);
  const idle = mapIdle(src);
  const userData = script(src, ["user_data"], 16384) ?? script(src, ["ami_config", "user_data_script"], 16384);
  if (src.has(["user_data"]) && src.has(["ami_config", "user_data_script"])) {
    src.dropped(
      ["ami_config", "user_data_script"],
      "ami_config.user_data_script is not carried over because user_data is set",
      "merge the two scripts into user_data",
    );
  }
  const postInstall = script(src, ["post_install"], 65536);
  const parameters = mapParameters(src);
  openServicePorts(src, services, instance.defaults);
  if (!base || !pm) return undefined;
  // In the order a reader of template.json wants: OS, software, access, sizing, scripts.
  const environment: Environment = {
    base,
    package_manager: pm,
    ...(packages && { packages }),
    ...(users && { users }),
    ...(services && { services }),
    ...(connection && { connection_type: connection }),
    instance_defaults: instance.defaults,
    ...(idle && { idle_detection: idle }),
    ...(userData && { user_data: userData }),
    ...(postInstall && { post_install: postInstall }),
    ...(parameters && { parameters }),
  };
  return { environment, architecture: instance.architecture };
}

/** Explicit manager, else what CloudWorkstation's "auto" would pick: the stack listed, else the OS's own. */
function mapPackageManager(src: Source, base: Base, packages: Packages | undefined): PackageManager | undefined {
  const text = src.string(["package_manager"])?.trim().toLowerCase();
  if (text !== undefined && text !== "" && text !== "auto") {
    const found = MANAGERS.find((m) => m === text);
    if (!found)
      src.report("CWS503", ["package_manager"], `package_manager "${text}" is not supported by the marketplace`, `use one of: ${MANAGERS.join(", ")}`);
    return found;
  }
  if (base === "ami-based") return "ami";
  if (packages?.conda) return "conda";
  if (packages?.spack) return "spack";
  const tool = osPackageTool(base);
  if (tool) return tool;
  src.report(
    "CWS503",
    ["package_manager"],
    "alpine templates must name their package_manager",
    "the marketplace has no apk support; set package_manager to conda, pip or spack, or use another base",
  );
  return undefined;
}

function mapPackages(src: Source): Packages | undefined {
  if (!src.record(["packages"])) return undefined;
  const packages: Packages = {};
  for (const kind of PACKAGE_KINDS) {
    const list = src.strings(["packages", kind]);
    if (!list || list.length === 0) continue; // empty lists say nothing
    let ok = true;
    list.forEach((spec, i) => {
      if (spec.length >= 1 && spec.length <= 200 && PACKAGE.test(spec)) return;
      ok = false;
      src.report(
        "CWS503",
        ["packages", kind, i],
        `package "${spec.slice(0, 80)}" is not a plain package spec`,
        "write one package per item, without shell characters (; | & ` $ \\) or extra spaces, at most 200 characters; put commands in post_install",
      );
    });
    if (list.length > 1000) {
      ok = false;
      src.report(
        "CWS503",
        ["packages", kind],
        `${list.length} ${kind} packages; the marketplace allows 1000`,
        "use an environment file installed from post_install",
      );
    }
    if (ok) packages[kind] = list;
  }
  src.dropOthers(["packages"], PACKAGE_KINDS, "the marketplace has system, conda, pip and spack package lists");
  return Object.keys(packages).length > 0 ? packages : undefined;
}

// Rule CWS213, checked here so the import fails with a position instead of in registry CI.
function checkPackagesFit(src: Source, pm: PackageManager, packages: Packages | undefined): void {
  if (!packages) return;
  if (pm === "ami") {
    src.report(
      "CWS503",
      ["packages"],
      "ami templates cannot list packages",
      "everything must be in the image; remove packages, or set package_manager to what installs them",
    );
    return;
  }
  if (pm !== "apt" && pm !== "dnf") return;
  for (const kind of ["conda", "spack"] as const) {
    if (packages[kind])
      src.report(
        "CWS503",
        ["packages", kind],
        `${pm} templates cannot install ${kind} packages`,
        `set package_manager: ${kind} (system packages are still installed with ${pm})`,
      );
  }
}

function mapConnection(src: Source): Environment["connection_type"] {
  const text = src.string(["connection_type"])?.trim().toLowerCase();
  if (text === undefined || text === "" || text === "auto") return undefined; // auto is the launcher's default
  if (text === "ssh" || text === "web" || text === "desktop") return text;
  if (text === "dcv") return "desktop"; // CloudWorkstation's name for the NICE DCV desktop
  src.dropped(
    ["connection_type"],
    `connection_type "${text}" is not carried over`,
    "the marketplace knows ssh, desktop and web; without it the launcher detects the connection",
  );
  return undefined;
}

function mapIdle(src: Source): Environment["idle_detection"] {
  const at: Path = ["idle_detection"];
  if (!src.record(at)) return undefined;
  const out: NonNullable<Environment["idle_detection"]> = {};
  const enabled = src.boolean([...at, "enabled"]);
  if (enabled !== undefined) out.enabled = enabled;
  const limits = { idle_threshold_minutes: 10080, hibernate_threshold_minutes: 10080, check_interval_minutes: 1440 } as const;
  for (const [field, max] of Object.entries(limits) as [keyof typeof limits, number][]) {
    const minutes = src.integer([...at, field]);
    // 0 is Go's zero value, i.e. "not set".
    if (minutes === undefined || minutes === 0) continue;
    if (minutes >= 1 && minutes <= max) out[field] = minutes;
    else src.report("CWS503", [...at, field], `${field} of ${minutes} is out of range`, `use 1 to ${max} minutes`);
  }
  src.dropOthers(at, ["enabled", ...Object.keys(limits)], "the marketplace keeps enabled and the three *_minutes settings");
  return Object.keys(out).length > 0 ? out : undefined;
}

function script(src: Source, at: Path, max: number): string | undefined {
  const text = src.string(at);
  if (text === undefined || text.trim() === "") return undefined;
  // CloudWorkstation substitutes placeholders as plain text, so its scripts quote them; cws
  // substitutes them as quoted words (CWS227), so those quotes are closed around each one.
  const requoted = requotePlaceholders(text);
  if (requoted.length <= max) return requoted;
  src.report(
    "CWS503",
    at,
    `script is ${requoted.length} characters; the marketplace allows ${max}`,
    "download a versioned script over https from post_install instead of inlining it",
  );
  return undefined;
}

/**
 * CloudWorkstation opens every service's port at launch (resolver.go getPortMapping: 22, the
 * services' ports, then instance_defaults.ports); the marketplace opens only the listed ports.
 */
function openServicePorts(src: Source, services: Environment["services"], defaults: Environment["instance_defaults"]): void {
  (services ?? []).forEach((service, i) => {
    const open = defaults.ports ?? [];
    if (!service.port || open.includes(service.port) || open.length >= 100) return;
    defaults.ports = [...open, service.port];
    src.report(
      "CWS504",
      ["services", i, "port"],
      `port ${service.port} of service ${service.name} is added to instance_defaults.ports, as CloudWorkstation opens every service's port`,
      `list ${service.port} under instance_defaults.ports to silence this, or tunnel it over SSH and drop the service's port`,
    );
  });
}
