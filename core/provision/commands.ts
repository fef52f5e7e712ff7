import { runScriptLines, writeFileLines } from "../shell/heredoc.js";
import { quote, quoteAll } from "../shell/quote.js";
import type { Architecture } from "../types/generated.js";
import type { InstallStep } from "./steps.js";

/** The spack release cloned onto every instance that installs spack specs. */
export const SPACK_RELEASE = "v0.23.1";

export function miniforgeUrl(arch: Architecture): string {
  return `https://github.com/conda-forge/miniforge/releases/latest/download/Miniforge3-Linux-${arch === "arm64" ? "aarch64" : "x86_64"}.sh`;
}

export interface RenderOptions {
  /** A root-only folder for downloads and the template's scripts. */
  workDir: string;
  /**
   * true on a running instance: services are enabled and started. false on an image builder:
   * enabled for the next boot only, since the image is taken from a stopped builder.
   */
  startServices: boolean;
}

/**
 * The bash lines of one step, without `set -euo pipefail` or any wrapper (the edges add their
 * own). Every value from a template is single-quoted or travels in a quoted here-document.
 */
export function stepCommands(step: InstallStep, options: RenderOptions): string[] {
  switch (step.kind) {
    case "system":
      return step.tool === "apt"
        ? [
            "export DEBIAN_FRONTEND=noninteractive",
            "apt-get -o Acquire::Retries=3 update -q",
            `apt-get -o Acquire::Retries=3 install -y -q --no-install-recommends ${quoteAll(step.packages)}`,
          ]
        : [`dnf install -y ${quoteAll(step.packages)}`];
    case "conda": {
      const installer = `${options.workDir}/miniforge.sh`;
      return [
        "if [ ! -x /opt/conda/bin/conda ]; then",
        `  curl -fsSL --retry 3 -o ${quote(installer)} ${quote(miniforgeUrl(step.arch))}`,
        `  bash ${quote(installer)} -b -p /opt/conda`,
        `  rm -f ${quote(installer)}`,
        "fi",
        // Login shells (and so validation tests and researchers) find conda's tools first.
        ...writeFileLines("/etc/profile.d/cws-conda.sh", 'export PATH="/opt/conda/bin:$PATH"\n', "0644"),
        ...(step.packages.length > 0 ? [`/opt/conda/bin/conda install -y -q -n base -c conda-forge -c bioconda ${quoteAll(step.packages)}`] : []),
      ];
    }
    case "pip":
      if (step.into === "conda") return [`/opt/conda/bin/pip install --no-cache-dir ${quoteAll(step.packages)}`];
      // Current distributions mark the system Python as externally managed (PEP 668), so pip gets a venv.
      return [
        "[ -x /opt/venv/bin/pip ] || python3 -m venv /opt/venv",
        `/opt/venv/bin/pip install --no-cache-dir ${quoteAll(step.packages)}`,
        ...writeFileLines("/etc/profile.d/cws-venv.sh", 'export PATH="/opt/venv/bin:$PATH"\n', "0644"),
      ];
    case "spack":
      return [
        `[ -d /opt/spack ] || git clone --depth=1 --branch ${SPACK_RELEASE} https://github.com/spack/spack.git /opt/spack`,
        "set +u; . /opt/spack/share/spack/setup-env.sh; set -u",
        "spack compiler find",
        // One quoted word per spec: spack parses "hdf5 +mpi" as one spec with a variant.
        ...step.specs.map((spec) => `spack install --fail-fast -j "$(nproc)" ${quote(spec)}`),
        ...writeFileLines("/etc/profile.d/cws-spack.sh", ". /opt/spack/share/spack/setup-env.sh\n", "0644"),
      ];
    case "users":
      return step.users.flatMap((u) => [
        `id -u ${quote(u.name)} >/dev/null 2>&1 || useradd --create-home --shell ${quote(u.shell)} ${quote(u.name)}`,
        ...u.groups.flatMap((g) => [`getent group ${quote(g)} >/dev/null || groupadd ${quote(g)}`, `usermod -aG ${quote(g)} ${quote(u.name)}`]),
      ]);
    case "service-config":
      return [
        "install -d -m 0755 /etc/cws/services",
        ...step.services.flatMap((s) => writeFileLines(`/etc/cws/services/${s.name}.conf`, `${s.config.join("\n")}\n`, "0644")),
      ];
    case "post-install":
      return runScriptLines(`${options.workDir}/post_install.sh`, step.script);
    case "enable-services":
      return step.services.map((name) => {
        const unit = quote(`${name}.service`);
        const enable = options.startServices ? `systemctl enable --now ${unit}` : `systemctl enable ${unit}`;
        const missing = options.startServices ? `cws: no unit ${name}.service` : `no unit ${name}.service in the image; it is set up at launch`;
        return `if systemctl list-unit-files --no-legend ${unit} | grep -q .; then ${enable}; else echo ${quote(missing)}; fi`;
      });
  }
}
