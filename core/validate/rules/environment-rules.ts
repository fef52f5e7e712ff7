import { defaultInstanceType, instanceArchitecture } from "../../aws/instance-types.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { PLACEHOLDER } from "../../shell/placeholders.js";
import type { CheckedTemplate } from "../context.js";
import { exactVersion, parsePackageSpec } from "./package-spec.js";

const MANAGERS = ["system", "conda", "pip", "spack"] as const;

/** Rules about the launchable environment: instance types, package managers, packages, parameters, ports. */
export function environmentRules(c: CheckedTemplate): Diagnostic[] {
  return [...instanceTypeRules(c), ...packageManagerRules(c), ...duplicatePackageRules(c), ...parameterRules(c), ...portRules(c)];
}

function instanceTypeRules(c: CheckedTemplate): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const arch of c.t.architecture) {
    const { type, pointer } = defaultInstanceType(c.t.environment, arch);
    if (!type) {
      out.push(
        c.at(
          "CWS208",
          "/environment/instance_defaults",
          `no default instance type for ${arch}`,
          `set environment.instance_defaults.instance_types.${arch}, e.g. ${arch === "arm64" ? "m7g.xlarge" : "m7i.xlarge"}`,
        ),
      );
      continue;
    }
    const runs = instanceArchitecture(type);
    if (runs !== arch) {
      const hint = arch === "arm64" ? "use a Graviton family such as m7g, c7g, r7g or g5g" : "use an Intel or AMD family such as m7i, c7a or g5";
      out.push(
        c.at(
          "CWS209",
          pointer,
          `${type} does not run ${arch}${runs === "unsupported" ? "" : ` (it is ${runs})`}`,
          `${hint}; set instance_defaults.instance_types.${arch}`,
        ),
      );
    }
  }
  return out;
}

function packageManagerRules(c: CheckedTemplate): Diagnostic[] {
  const env = c.t.environment;
  const pm = env.package_manager;
  const forbidden = pm === "ami" ? MANAGERS : pm === "apt" || pm === "dnf" ? (["conda", "spack"] as const) : [];
  const out: Diagnostic[] = [];
  for (const kind of forbidden) {
    if (env.packages?.[kind]?.length) {
      const hint =
        pm === "ami"
          ? "an ami template installs nothing at launch; bake packages into the image or change package_manager"
          : `install ${kind} packages with package_manager "${kind}", or move them to post_install`;
      out.push(c.at("CWS213", `/environment/packages/${kind}`, `${pm} templates cannot list ${kind} packages`, hint));
    }
  }
  return out;
}

function duplicatePackageRules(c: CheckedTemplate): Diagnostic[] {
  const out: Diagnostic[] = [];
  // conda and pip both install Python packages, so a pin in one clashes with a pin in the other.
  const seen = new Map<string, { pointer: string; spec: string; exact?: string }>();
  for (const kind of MANAGERS) {
    const namespace = kind === "pip" || kind === "conda" ? "python" : kind;
    c.t.environment.packages?.[kind]?.forEach((spec, i) => {
      const pointer = `/environment/packages/${kind}/${i}`;
      const parsed = parsePackageSpec(kind, spec);
      const key = `${namespace}:${kind === "pip" || kind === "conda" ? parsed.name.replace(/[-_.]+/g, "-") : parsed.name}`;
      const exact = exactVersion(parsed.constraint);
      const first = seen.get(key);
      if (!first) {
        seen.set(key, exact === undefined ? { pointer, spec } : { pointer, spec, exact });
        return;
      }
      if (first.exact !== undefined && exact !== undefined && first.exact !== exact) {
        out.push(c.at("CWS214", pointer, `${parsed.name} is pinned to ${first.exact} and ${exact}`, `keep one pin; the other is at ${first.pointer}`));
      } else {
        out.push(c.at("CWS222", pointer, `${parsed.name} is already listed as "${first.spec}"`, `remove one; the first is at ${first.pointer}`));
      }
    });
  }
  return out;
}

function parameterRules(c: CheckedTemplate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const params = c.t.environment.parameters ?? {};
  const scripts: [string, string | undefined][] = [
    ["/environment/user_data", c.t.environment.user_data],
    ["/environment/post_install", c.t.environment.post_install],
  ];
  for (const [pointer, script] of scripts) {
    for (const match of script?.matchAll(PLACEHOLDER) ?? []) {
      const name = match[1] ?? "";
      if (!Object.hasOwn(params, name)) {
        out.push(
          c.at("CWS221", pointer, `placeholder {{.${name}}} has no parameter`, `declare environment.parameters.${name}, or remove the placeholder`, {
            index: match.index,
          }),
        );
      }
    }
  }
  for (const [name, p] of Object.entries(params)) {
    if (!p) continue;
    const pointer = `/environment/parameters/${name}`;
    if (p.type === "choice" && !p.choices?.length) {
      out.push(c.at("CWS225", pointer, `choice parameter "${name}" lists no choices`, "add a choices list"));
    }
    if (p.default === undefined) continue;
    const expected = p.type === "integer" ? "number" : p.type === "boolean" ? "boolean" : "string";
    if (typeof p.default !== expected || (p.type === "integer" && !Number.isInteger(p.default))) {
      out.push(
        c.at(
          "CWS225",
          `${pointer}/default`,
          `default for "${name}" is not ${p.type === "integer" ? "an integer" : `a ${expected}`}`,
          `give a default of type ${p.type}`,
        ),
      );
    } else if (p.type === "choice" && p.choices && !p.choices.includes(String(p.default))) {
      out.push(c.at("CWS225", `${pointer}/default`, `default "${String(p.default)}" is not one of the choices`, `use one of: ${p.choices.join(", ")}`));
    }
  }
  return out;
}

function portRules(c: CheckedTemplate): Diagnostic[] {
  const env = c.t.environment;
  const open = new Set([...(env.ports ?? []), ...(env.instance_defaults.ports ?? [])]);
  const out: Diagnostic[] = [];
  env.services?.forEach((service, i) => {
    if (service.port && !open.has(service.port)) {
      out.push(
        c.at(
          "CWS223",
          `/environment/services/${i}/port`,
          `service ${service.name} listens on ${service.port}, which is not opened`,
          `add ${service.port} to environment.ports, or tunnel it over SSH and say so in README.md`,
        ),
      );
    }
  });
  return out;
}
