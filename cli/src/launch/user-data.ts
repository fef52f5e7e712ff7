import { gzipSync } from "node:zlib";
import { placeholderNames, substituteData, substituteShellWords } from "../../../core/shell/placeholders.js";
import { quote, quoteAll } from "../../../core/shell/quote.js";
import type { Architecture, Environment } from "../../../core/types/generated.js";
import { CLI_EXIT, cliError } from "../lib/errors.js";

/**
 * Launch parameters and the EC2 user data built from a template. Pure: no file, network or AWS.
 * Every value that comes from a template or the command line is single-quoted (placeholders in
 * the template's scripts too: each becomes one shell word), and scripts travel in quoted
 * here-documents, so nothing in them can break out into the generated shell.
 */

export type ParamValues = Record<string, string>;

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Free-text values land inside the template's own quoted shell words; keep them inert there. */
const UNSAFE_VALUE = /[\p{Cc}'"`$\\]/u;

/** EC2 accepts at most 16 KiB of user data (before base64). */
export const USER_DATA_LIMIT = 16_384;

/** `--param name=value` flags as a map; a name given twice is a usage error. */
export function parseParamFlags(flags: readonly string[]): ParamValues {
  const out: ParamValues = {};
  for (const flag of flags) {
    const eq = flag.indexOf("=");
    const name = eq > 0 ? flag.slice(0, eq) : "";
    if (!PARAM_NAME.test(name)) {
      throw cliError(
        "BAD_PARAM",
        `--param ${JSON.stringify(flag)} is not name=value`,
        "write it as --param name=value, e.g. --param reference_genome=GRCh38",
        CLI_EXIT.usage,
      );
    }
    if (name in out) throw cliError("BAD_PARAM", `--param ${name} is given twice`, "give each parameter once", CLI_EXIT.usage);
    out[name] = flag.slice(eq + 1);
  }
  return out;
}

/** Every text of the environment that may hold placeholders. */
function templatedTexts(env: Environment): string[] {
  const p = env.packages ?? {};
  return [
    env.user_data ?? "",
    env.post_install ?? "",
    ...(p.system ?? []),
    ...(p.conda ?? []),
    ...(p.pip ?? []),
    ...(p.spack ?? []),
    ...(env.services ?? []).flatMap((s) => s.config ?? []),
  ];
}

/**
 * The value of every parameter: --param, else the template's default. Unknown names, missing
 * required values and values of the wrong type are usage errors that name the fix.
 */
export function resolveParameters(env: Environment, given: ParamValues): ParamValues {
  const declared = env.parameters ?? {};
  const used = new Set(templatedTexts(env).flatMap(placeholderNames));
  const known = new Set([...Object.keys(declared), ...used]);
  const unknown = Object.keys(given).filter((n) => !known.has(n));
  if (unknown.length > 0) {
    const names = [...known].sort();
    throw cliError(
      "BAD_PARAM",
      `the template has no parameter ${unknown.map((n) => `"${n}"`).join(", ")}`,
      names.length ? `its parameters: ${names.join(", ")}` : "this template takes no --param",
      CLI_EXIT.usage,
    );
  }
  const values: ParamValues = {};
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(declared)) {
    if (!spec) continue;
    const raw = given[name];
    if (raw !== undefined) values[name] = checkValue(name, spec, raw);
    else if (spec.default !== undefined) values[name] = String(spec.default);
    else if (spec.required) missing.push(name);
    else values[name] = "";
  }
  for (const name of used) {
    if (name in declared) continue;
    const raw = given[name];
    if (raw === undefined) missing.push(name);
    else values[name] = checkValue(name, { type: "string" }, raw);
  }
  if (missing.length > 0) {
    throw cliError(
      "MISSING_PARAM",
      `the template needs a value for ${missing.map((n) => `"${n}"`).join(", ")}`,
      missing.map((n) => `--param ${n}=VALUE${declared[n]?.description ? ` (${declared[n]?.description})` : ""}`).join(" "),
      CLI_EXIT.usage,
    );
  }
  return values;
}

function checkValue(name: string, spec: NonNullable<NonNullable<Environment["parameters"]>[string]>, raw: string): string {
  const bad = (why: string, hint: string) => cliError("BAD_PARAM", `--param ${name}: ${why}`, hint, CLI_EXIT.usage);
  switch (spec.type) {
    case "choice":
      if (!spec.choices?.includes(raw)) throw bad(`"${raw}" is not one of its choices`, `use one of: ${(spec.choices ?? []).join(", ")}`);
      return raw;
    case "integer":
      if (!/^-?\d+$/.test(raw)) throw bad(`"${raw}" is not an integer`, "give a whole number");
      return raw;
    case "boolean": {
      const v = raw.toLowerCase();
      if (v !== "true" && v !== "false") throw bad(`"${raw}" is not true or false`, `--param ${name}=true or --param ${name}=false`);
      return v;
    }
    default:
      if (UNSAFE_VALUE.test(raw) || raw.length > 1024) {
        throw bad(
          "quotes, backslashes, $, backticks and control characters are not allowed (at most 1024 characters)",
          "give a plain value such as a name, version, path or URL",
        );
      }
      return raw;
  }
}

type OsFamily = "apt" | "dnf";

function osFamily(env: Environment): OsFamily | undefined {
  if (env.base.startsWith("ubuntu") || env.base === "debian") return "apt";
  if (env.base === "rocky" || env.base === "rhel" || env.base === "amazonlinux") return "dnf";
  if (env.package_manager === "apt" || env.package_manager === "dnf") return env.package_manager;
  return undefined;
}

const MINIFORGE = (arch: Architecture) =>
  `https://github.com/conda-forge/miniforge/releases/latest/download/Miniforge3-Linux-${arch === "arm64" ? "aarch64" : "x86_64"}.sh`;
const SPACK_RELEASE = "v0.23.1";
const STATE = "/var/lib/cws";

export interface UserDataInput {
  templateId: string;
  version: string;
  env: Environment;
  arch: Architecture;
  values: ParamValues;
  /**
   * true: the instance starts from the bare base OS, so the script installs everything.
   * false: it starts from the prebuilt AMI, which already holds the packages, users, services
   * and any post_install without parameters; only launch-time steps run.
   */
  fromBase: boolean;
}

export interface UserData {
  /** The bash script, or undefined when the instance needs none. */
  script: string | undefined;
  /** What the script does, one short phrase per step, for dry-run and progress output. */
  steps: string[];
}

/** The first-boot script for a launch. Throws when the base OS cannot install the packages. */
export function renderUserData(input: UserDataInput): UserData {
  const { env, values } = input;
  // Package specs and configuration lines are data, quoted as a whole where they are used.
  const sub = (s: string) => substituteData(s, values);
  const subScript = (s: string) => substituteShellWords(s, values);
  const packages = env.packages ?? {};
  const steps: string[] = [];
  const lines: string[] = [];
  const section = (name: string, body: string[]) => {
    steps.push(name);
    lines.push("", `echo ${quote(`cws: ${name}`)}`, ...body);
  };

  if (input.fromBase) {
    const family = osFamily(env);
    const conda = (packages.conda ?? []).map(sub);
    const pip = (packages.pip ?? []).map(sub);
    const spack = (packages.spack ?? []).map(sub);
    const usesConda = env.package_manager === "conda" || conda.length > 0;
    const system = [
      ...new Set([
        ...(packages.system ?? []).map(sub),
        ...prerequisites(family, { conda: usesConda, pip: pip.length > 0 && !usesConda, spack: spack.length > 0 }),
      ]),
    ];
    if (system.length > 0) {
      if (!family) {
        throw cliError(
          "NO_PACKAGE_TOOL",
          `cannot install system packages on base "${env.base}" at launch: its package tool is unknown`,
          "launch in a region with a prebuilt AMI",
          CLI_EXIT.notFound,
        );
      }
      section(
        `install ${system.length} system package${system.length === 1 ? "" : "s"} (${family})`,
        family === "apt"
          ? [
              "export DEBIAN_FRONTEND=noninteractive",
              "apt-get -o Acquire::Retries=3 update -q",
              `apt-get -o Acquire::Retries=3 install -y -q --no-install-recommends ${quoteAll(system)}`,
            ]
          : [`dnf install -y ${quoteAll(system)}`],
      );
    }
    if (usesConda) {
      section(`install ${conda.length} conda package${conda.length === 1 ? "" : "s"}`, [
        "if [ ! -x /opt/conda/bin/conda ]; then",
        `  curl -fsSL --retry 3 -o ${STATE}/miniforge.sh ${quote(MINIFORGE(input.arch))}`,
        `  bash ${STATE}/miniforge.sh -b -p /opt/conda && rm -f ${STATE}/miniforge.sh`,
        "fi",
        `echo 'export PATH="/opt/conda/bin:$PATH"' > /etc/profile.d/cws-conda.sh`,
        ...(conda.length > 0 ? [`/opt/conda/bin/conda install -y -q -n base -c conda-forge -c bioconda ${quoteAll(conda)}`] : []),
      ]);
    }
    if (pip.length > 0) {
      section(
        `install ${pip.length} pip package${pip.length === 1 ? "" : "s"}`,
        usesConda
          ? [`/opt/conda/bin/pip install --no-cache-dir ${quoteAll(pip)}`]
          : [
              "[ -x /opt/venv/bin/pip ] || python3 -m venv /opt/venv",
              `/opt/venv/bin/pip install --no-cache-dir ${quoteAll(pip)}`,
              `echo 'export PATH="/opt/venv/bin:$PATH"' > /etc/profile.d/cws-venv.sh`,
            ],
      );
    }
    if (spack.length > 0) {
      section(`install ${spack.length} spack spec${spack.length === 1 ? "" : "s"}`, [
        `[ -d /opt/spack ] || git clone --depth=1 --branch ${SPACK_RELEASE} https://github.com/spack/spack.git /opt/spack`,
        "set +u; . /opt/spack/share/spack/setup-env.sh; set -u",
        "spack compiler find",
        ...spack.map((s) => `spack install --fail-fast -j "$(nproc)" ${quote(s)}`),
        "echo '. /opt/spack/share/spack/setup-env.sh' > /etc/profile.d/cws-spack.sh",
      ]);
    }
    const users = env.users ?? [];
    if (users.length > 0) {
      section(
        `create user${users.length === 1 ? "" : "s"} ${users.map((u) => u.name).join(", ")}`,
        users.flatMap((u) => [
          `id -u ${quote(u.name)} >/dev/null 2>&1 || useradd --create-home --shell ${quote(u.shell ?? "/bin/bash")} ${quote(u.name)}`,
          ...(u.groups ?? []).flatMap((g) => [`getent group ${quote(g)} >/dev/null || groupadd ${quote(g)}`, `usermod -aG ${quote(g)} ${quote(u.name)}`]),
        ]),
      );
    }
    const configured = (env.services ?? []).filter((s) => s.config?.length);
    if (configured.length > 0) {
      section(`write configuration of ${configured.map((s) => s.name).join(", ")}`, [
        "install -d -m 0755 /etc/cws/services",
        ...configured.flatMap((s) => heredoc(`/etc/cws/services/${s.name}.conf`, `${(s.config ?? []).map(sub).join("\n")}\n`, "0644")),
      ]);
    }
  }

  // The AMI pipeline bakes a post_install without parameters into the image; one with
  // parameters always runs here, with this launch's values.
  const postInstall = env.post_install && (input.fromBase || placeholderNames(env.post_install).length > 0) ? env.post_install : undefined;
  if (postInstall) section("run post_install", runScript(`${STATE}/post_install.sh`, subScript(postInstall)));
  // Services are enabled last: post_install is often what installs them (RStudio Server, DCV).
  const enabled = (env.services ?? []).filter((s) => s.enable);
  if (enabled.length > 0 && (input.fromBase || postInstall)) {
    section(
      `enable service${enabled.length === 1 ? "" : "s"} ${enabled.map((s) => s.name).join(", ")}`,
      enabled.map((s) => {
        const unit = quote(`${s.name}.service`);
        return `if systemctl list-unit-files --no-legend ${unit} | grep -q .; then systemctl enable --now ${unit}; else echo ${quote(`cws: no unit ${s.name}.service`)}; fi`;
      }),
    );
  }
  if (env.user_data) section("run the template's user_data", runScript(`${STATE}/user_data.sh`, subScript(env.user_data)));
  if (steps.length === 0) return { script: undefined, steps };

  const header = [
    "#!/bin/bash",
    `# Written by cws launch: ${input.templateId} ${input.version} (${input.arch}), ${input.fromBase ? "built from the base OS image" : "prebuilt AMI"}.`,
    "set -euo pipefail",
    `install -d -m 0700 ${STATE}`,
  ];
  const footer = ["", `touch ${STATE}/launch-complete`, "echo 'cws: done'"];
  return { script: `${[...header, ...lines, ...footer].join("\n")}\n`, steps };
}

function prerequisites(family: OsFamily | undefined, need: { conda: boolean; pip: boolean; spack: boolean }): string[] {
  const out: string[] = [];
  if (need.conda) out.push(...(family === "dnf" ? ["curl", "bzip2"] : ["curl", "ca-certificates", "bzip2"]));
  if (need.pip) out.push(...(family === "dnf" ? ["python3", "python3-pip"] : ["python3", "python3-venv", "python3-pip"]));
  if (need.spack) {
    out.push(
      ...(family === "dnf"
        ? ["git", "gcc", "gcc-c++", "gcc-gfortran", "make", "patch", "bzip2", "xz", "unzip", "file", "python3"]
        : ["git", "build-essential", "gfortran", "ca-certificates", "curl", "file", "unzip", "xz-utils", "python3"]),
    );
  }
  return out;
}

/** Writes content to path through a quoted here-document whose delimiter the content never contains. */
function heredoc(path: string, content: string, mode: string): string[] {
  let delimiter = "CWS_EOF";
  for (let i = 1; content.split("\n").includes(delimiter); i++) delimiter = `CWS_EOF_${i}`;
  const body = content.endsWith("\n") ? content : `${content}\n`;
  return [`cat > ${quote(path)} <<'${delimiter}'`, ...body.slice(0, -1).split("\n"), delimiter, `chmod ${mode} ${quote(path)}`];
}

/** A script from the template: written to a file, then run with its own interpreter line, else bash. */
function runScript(path: string, content: string): string[] {
  return [...heredoc(path, content, "0700"), content.startsWith("#!") ? quote(path) : `bash ${quote(path)}`];
}

export interface EncodedUserData {
  /** What RunInstances takes: base64 of the script, gzip-compressed when that was needed to fit. */
  base64: string;
  /** Size EC2 counts against its 16 KiB limit. */
  bytes: number;
  gzipped: boolean;
}

/** Encodes user data for RunInstances; cloud-init unpacks gzip itself. Throws when even gzip does not fit. */
export function encodeUserData(script: string): EncodedUserData {
  const raw = Buffer.from(script, "utf8");
  if (raw.length <= USER_DATA_LIMIT) return { base64: raw.toString("base64"), bytes: raw.length, gzipped: false };
  const gz = gzipSync(raw, { level: 9 });
  if (gz.length <= USER_DATA_LIMIT) return { base64: gz.toString("base64"), bytes: gz.length, gzipped: true };
  throw cliError(
    "USER_DATA_TOO_LARGE",
    `the generated user data is ${raw.length} bytes (${gz.length} gzipped); EC2 accepts at most ${USER_DATA_LIMIT}`,
    "launch in a region with a prebuilt AMI, or ask the template's owners to shorten post_install",
    CLI_EXIT.failed,
  );
}
