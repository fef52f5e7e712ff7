import { placeholderNames } from "../shell/placeholders.js";
import type { Architecture, Environment, Template } from "../types/generated.js";
import { quote, quoteAll, STRICT, writeFileCommand } from "./shell.js";
import type { ShellStep } from "./types.js";

/** Where the builder keeps its scripts; scrubbed before the image is taken. */
export const WORK_DIR = "/var/lib/cws-build";

// Generous defaults: a step that hits its timeout fails the build, and a spack stack compiles from source.
export const STEP_TIMEOUTS = {
  cloudInit: 900,
  system: 1800,
  conda: 3600,
  pip: 1800,
  spack: 4 * 3600,
  users: 120,
  services: 300,
  postInstall: 3600,
} as const;

const MINIFORGE = (arch: Architecture) =>
  `https://github.com/conda-forge/miniforge/releases/latest/download/Miniforge3-Linux-${arch === "arm64" ? "aarch64" : "x86_64"}.sh`;
const SPACK_RELEASE = "v0.23.1";
const SAFE_NAME = /^[A-Za-z0-9@._-]+$/;

export type OsFamily = "debian" | "rhel";

export function osFamily(base: Environment["base"]): OsFamily | undefined {
  if (base.startsWith("ubuntu") || base === "debian") return "debian";
  if (base === "rocky" || base === "rhel" || base === "amazonlinux") return "rhel";
  return undefined; // alpine and ami-based: the package tool is unknown.
}

/** The account a base image logs in as, which validation tests use when the template creates none. */
export function loginUser(t: Template): string {
  const first = t.environment.users?.[0]?.name;
  if (first) return first;
  const base = t.environment.base;
  if (base.startsWith("ubuntu")) return "ubuntu";
  if (base === "debian") return "admin";
  if (base === "rocky") return "rocky";
  if (base === "amazonlinux" || base === "rhel") return "ec2-user";
  return "root";
}

/**
 * The first step on every builder. Package installs race cloud-init's own apt/dnf run for the
 * package lock otherwise; on a captured image, cloud-init's per-instance run (new host keys,
 * hostname) must be over before the scrub removes what it writes.
 */
export function cloudInitStep(): ShellStep {
  return {
    name: "wait for cloud-init",
    timeoutSeconds: STEP_TIMEOUTS.cloudInit,
    commands: ["if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null || true; fi", `install -d -m 0700 ${WORK_DIR}`],
  };
}

export interface Provisioning {
  steps: ShellStep[];
  notes: string[];
  problems: string[];
}

/**
 * The ordered steps that turn a base image into the template's environment: wait for
 * cloud-init, system packages, conda, pip, spack, users, services, post_install. Each step
 * can run twice without harm, because a rerun after a crash repeats the step it was in.
 */
export function provisionSteps(t: Template, arch: Architecture): Provisioning {
  const env = t.environment;
  const family = osFamily(env.base);
  const packages = env.packages ?? {};
  const conda = packages.conda ?? [];
  const pip = packages.pip ?? [];
  const spack = packages.spack ?? [];
  const usesConda = env.package_manager === "conda" || conda.length > 0;
  const steps: ShellStep[] = [];
  const notes: string[] = [];
  const problems: string[] = [];

  steps.push(cloudInitStep());

  const system = [...(packages.system ?? []), ...prerequisites(family, { conda: usesConda, pip: pip.length > 0 && !usesConda, spack: spack.length > 0 })];
  const unique = [...new Set(system)];
  if (unique.length > 0) {
    if (!family) problems.push(`cannot install system packages on base "${env.base}": its package tool is unknown`);
    else steps.push(systemStep(family, unique));
  }
  if (usesConda) steps.push(condaStep(arch, conda));
  if (pip.length > 0) steps.push(pipStep(pip, usesConda));
  if (spack.length > 0) steps.push(spackStep(spack));

  const users = env.users ?? [];
  if (users.length > 0) {
    const bad = users.flatMap((u) => [u.name, ...(u.groups ?? [])]).filter((n) => !SAFE_NAME.test(n));
    if (bad.length > 0) problems.push(`user or group names ${bad.join(", ")} are not valid account names`);
    steps.push({ name: "users", timeoutSeconds: STEP_TIMEOUTS.users, commands: [STRICT, ...users.flatMap(userCommands)] });
  }

  const services = env.services ?? [];
  if (services.length > 0) {
    const bad = services.map((s) => s.name).filter((n) => !SAFE_NAME.test(n));
    if (bad.length > 0) problems.push(`service names ${bad.join(", ")} are not valid systemd unit names`);
    steps.push({
      name: "services",
      timeoutSeconds: STEP_TIMEOUTS.services,
      commands: [STRICT, "install -d -m 0755 /etc/cws/services", ...services.flatMap(serviceCommands)],
    });
  }

  if (env.post_install) {
    const params = placeholderNames(env.post_install);
    if (params.length > 0) {
      // Baking it with default values would give every user the default's result (say, a
      // 3 GB reference genome they did not choose), so it stays a launch-time step.
      notes.push(`post_install uses launch parameters (${params.join(", ")}), so it runs at launch, not in the image`);
    } else {
      const path = `${WORK_DIR}/post_install.sh`;
      steps.push({
        name: "post_install",
        timeoutSeconds: STEP_TIMEOUTS.postInstall,
        commands: [STRICT, writeFileCommand(path, env.post_install, "0700"), `if head -c 2 ${path} | grep -q '^#!'; then ${path}; else bash ${path}; fi`],
      });
    }
  }
  return { steps, notes, problems };
}

function prerequisites(family: OsFamily | undefined, need: { conda: boolean; pip: boolean; spack: boolean }): string[] {
  const out: string[] = [];
  if (need.conda) out.push(...(family === "rhel" ? ["curl", "bzip2"] : ["curl", "ca-certificates", "bzip2"]));
  if (need.pip) out.push(...(family === "rhel" ? ["python3", "python3-pip"] : ["python3", "python3-venv", "python3-pip"]));
  if (need.spack) {
    out.push(
      ...(family === "rhel"
        ? ["git", "gcc", "gcc-c++", "gcc-gfortran", "make", "patch", "bzip2", "xz", "unzip", "file", "python3"]
        : ["git", "build-essential", "gfortran", "ca-certificates", "curl", "file", "unzip", "xz-utils", "python3"]),
    );
  }
  return out;
}

function systemStep(family: OsFamily, packages: string[]): ShellStep {
  const commands =
    family === "debian"
      ? [
          STRICT,
          "export DEBIAN_FRONTEND=noninteractive",
          "apt-get -o Acquire::Retries=3 update -q",
          `apt-get -o Acquire::Retries=3 install -y -q --no-install-recommends ${quoteAll(packages)}`,
          "apt-get clean",
        ]
      : [STRICT, `dnf install -y ${quoteAll(packages)}`, "dnf clean all"];
  return { name: `system packages (${family === "debian" ? "apt" : "dnf"})`, timeoutSeconds: STEP_TIMEOUTS.system, commands };
}

function condaStep(arch: Architecture, specs: string[]): ShellStep {
  const commands = [
    STRICT,
    "if [ ! -x /opt/conda/bin/conda ]; then",
    `  curl -fsSL --retry 3 -o ${WORK_DIR}/miniforge.sh ${quote(MINIFORGE(arch))}`,
    `  bash ${WORK_DIR}/miniforge.sh -b -p /opt/conda`,
    `  rm -f ${WORK_DIR}/miniforge.sh`,
    "fi",
    // Login shells (and so validation tests and researchers) find conda's tools first.
    writeFileCommand("/etc/profile.d/cws-conda.sh", 'export PATH="/opt/conda/bin:$PATH"\n'),
  ];
  if (specs.length > 0) commands.push(`/opt/conda/bin/conda install -y -q -n base -c conda-forge -c bioconda ${quoteAll(specs)}`);
  commands.push("/opt/conda/bin/conda clean -afy");
  return { name: "conda packages", timeoutSeconds: STEP_TIMEOUTS.conda, commands };
}

function pipStep(specs: string[], intoConda: boolean): ShellStep {
  if (intoConda) {
    return { name: "pip packages", timeoutSeconds: STEP_TIMEOUTS.pip, commands: [STRICT, `/opt/conda/bin/pip install --no-cache-dir ${quoteAll(specs)}`] };
  }
  // Current distributions mark the system Python as externally managed (PEP 668), so pip gets a venv.
  return {
    name: "pip packages",
    timeoutSeconds: STEP_TIMEOUTS.pip,
    commands: [
      STRICT,
      "[ -x /opt/venv/bin/pip ] || python3 -m venv /opt/venv",
      `/opt/venv/bin/pip install --no-cache-dir ${quoteAll(specs)}`,
      writeFileCommand("/etc/profile.d/cws-venv.sh", 'export PATH="/opt/venv/bin:$PATH"\n'),
    ],
  };
}

function spackStep(specs: string[]): ShellStep {
  return {
    name: "spack packages",
    timeoutSeconds: STEP_TIMEOUTS.spack,
    commands: [
      STRICT,
      `[ -d /opt/spack ] || git clone --depth=1 --branch ${SPACK_RELEASE} https://github.com/spack/spack.git /opt/spack`,
      "set +u; . /opt/spack/share/spack/setup-env.sh; set -u",
      "spack compiler find",
      // One quoted word per spec: spack parses "hdf5 +mpi" as one spec with a variant.
      ...specs.map((spec) => `spack install --fail-fast -j "$(nproc)" ${quote(spec)}`),
      "spack clean -a",
      writeFileCommand("/etc/profile.d/cws-spack.sh", ". /opt/spack/share/spack/setup-env.sh\n"),
    ],
  };
}

function userCommands(user: NonNullable<Environment["users"]>[number]): string[] {
  const name = quote(user.name);
  const lines = [`id -u ${name} >/dev/null 2>&1 || useradd --create-home --shell ${quote(user.shell ?? "/bin/bash")} ${name}`];
  for (const group of user.groups ?? []) {
    lines.push(`getent group ${quote(group)} >/dev/null || groupadd ${quote(group)}`, `usermod -aG ${quote(group)} ${name}`);
  }
  return lines;
}

function serviceCommands(service: NonNullable<Environment["services"]>[number]): string[] {
  const unit = quote(`${service.name}.service`);
  const lines: string[] = [];
  if (service.config && service.config.length > 0) lines.push(writeFileCommand(`/etc/cws/services/${service.name}.conf`, `${service.config.join("\n")}\n`));
  if (service.enable) {
    // Services are enabled for boot, not started: the image is taken from a stopped builder.
    // A unit the packages did not install is created at launch by CloudWorkstation.
    lines.push(
      `if systemctl list-unit-files --no-legend ${unit} | grep -q .; then systemctl enable ${unit}; else echo "no unit ${service.name}.service in the image; it is set up at launch"; fi`,
    );
  }
  return lines;
}
