import type { Architecture, Environment } from "../../core/types/generated.js";
import type { Rng } from "../lib/prng.js";
import type { Field } from "./field.js";

type Manager = Environment["package_manager"];
type Service = NonNullable<Field["service"]>;

const SERVICE_PORT: Record<Service, number> = { jupyterlab: 8888, "rstudio-server": 8787, "code-server": 8080, dcvserver: 8443 };
const SERVICE_CONFIG: Record<Service, string[]> = {
  jupyterlab: ["c.ServerApp.ip = '0.0.0.0'", "c.ServerApp.port = 8888", "c.ServerApp.open_browser = False"],
  "rstudio-server": ["www-port=8787", "auth-timeout-minutes=0"],
  "code-server": ["bind-addr: 0.0.0.0:8080", "auth: password"],
  dcvserver: ["[session-management]", "create-session = true", "[connectivity]", "web-port = 8443"],
};
const COMMON_SYSTEM = ["git", "tmux", "htop", "unzip", "curl", "jq", "rsync", "vim", "wget"];
const RHEL_SYSTEM = ["gcc", "gcc-c++", "make", "python3", "bzip2", "xz", "patch", "file", "tar"];
const X86 = { cpu: ["m7i", "c7i", "r7i", "m7a", "c7a", "r7a", "m6i"], gpu: ["g5", "g6", "g6e", "g4dn"] };
const ARM = { cpu: ["m7g", "c7g", "r7g", "m8g", "c8g"], gpu: ["g5g"] };
const SIZES = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"];
const BASES: Record<Manager, Environment["base"][]> = {
  apt: ["ubuntu-24.04", "ubuntu-22.04", "debian"],
  dnf: ["rocky", "amazonlinux", "rhel"],
  conda: ["ubuntu-24.04", "ubuntu-22.04", "amazonlinux", "rocky"],
  pip: ["ubuntu-24.04", "ubuntu-22.04", "debian"],
  spack: ["rocky", "ubuntu-22.04", "amazonlinux"],
  ami: ["ami-based"],
};

export interface EnvironmentPlan {
  field: Field;
  gpu: boolean;
  architectures: Architecture[];
  /** Tools this template is about; they become its packages. */
  tools: string[];
}

/** A plausible environment: base, packages with versions, users, services, ports, instance defaults, idle detection. */
export function environment(rng: Rng, plan: EnvironmentPlan): Environment {
  const manager = chooseManager(rng, plan.field);
  const base = rng.pick(BASES[manager]);
  const rhel = base === "rocky" || base === "amazonlinux" || base === "rhel";
  const service = plan.field.service && rng.chance(0.7) ? plan.field.service : rng.chance(0.15) ? "code-server" : undefined;
  const ports = [22, ...(service ? [SERVICE_PORT[service]] : []), ...(plan.gpu && rng.chance(0.3) ? [6006] : [])];
  const env: Environment = {
    base,
    package_manager: manager,
    ...(manager === "ami" ? {} : { packages: packages(rng, manager, rhel, plan) }),
    users: [{ name: "researcher", groups: [rhel ? "wheel" : "sudo", ...(rng.chance(0.3) ? ["docker"] : [])], shell: "/bin/bash" }],
    ...(service ? { services: [{ name: service, port: SERVICE_PORT[service], enable: true, config: SERVICE_CONFIG[service] }] } : {}),
    ports,
    connection_type: service === "dcvserver" ? "desktop" : service ? "web" : "ssh",
    instance_defaults: instanceDefaults(rng, plan),
    idle_detection: {
      enabled: rng.chance(0.9),
      idle_threshold_minutes: rng.pick([15, 30, 45, 60, 90]),
      hibernate_threshold_minutes: rng.pick([120, 180, 240, 480]),
      check_interval_minutes: rng.pick([5, 10, 15]),
    },
  };
  if (rng.chance(0.4)) {
    const dataset = `${rng.pick(plan.field.objects)}-examples`;
    env.parameters = {
      example_data: {
        description: "Example data staged into /data/examples at first boot; none skips the download.",
        type: "choice",
        choices: [dataset, "none"],
        default: dataset,
      },
    };
    env.post_install = `#!/bin/bash\nset -euo pipefail\nDATA={{.example_data}}\ninstall -d -o researcher -g researcher /data/examples\nif [ "$DATA" != none ]; then\n  sudo -u researcher aws s3 sync --no-sign-request "s3://cws-example-data/${plan.field.category}/$DATA/" /data/examples/\nfi\n`;
  }
  return env;
}

function chooseManager(rng: Rng, f: Field): Manager {
  if (rng.chance(0.01)) return "ami";
  if (rng.chance(0.65)) return f.manager;
  return rng.pick<Manager>(["conda", "pip", "apt", "dnf", "spack"]);
}

function version(rng: Rng): string {
  return `${rng.int(0, 5)}.${rng.int(0, 24)}${rng.chance(0.4) ? `.${rng.int(0, 9)}` : ""}`;
}

function packages(rng: Rng, manager: Manager, rhel: boolean, plan: EnvironmentPlan): NonNullable<Environment["packages"]> {
  const system = [
    ...rng.sample(COMMON_SYSTEM, rng.int(3, 7)),
    ...(rhel ? rng.sample(RHEL_SYSTEM, rng.int(2, 6)) : rng.sample(plan.field.system, rng.int(0, 4))),
  ];
  const extra = rng.sample(plan.field.tools, rng.int(3, 14)).filter((t) => !plan.tools.includes(t));
  const tools = [...plan.tools, ...extra];
  // conda and pip share one namespace for the duplicate rules, so a tool goes to one of them only.
  const pyVersion = `3.${rng.int(10, 13)}`;
  switch (manager) {
    case "conda": {
      const pip = tools.slice(-rng.int(0, 3));
      const conda = tools.slice(0, tools.length - pip.length);
      return {
        system,
        conda: [`python=${pyVersion}`, ...conda.map((t) => (rng.chance(0.6) ? `${t}>=${version(rng)}` : t))],
        ...(pip.length ? { pip: pip.map((t) => `${t}>=${version(rng)}`) } : {}),
      };
    }
    case "spack":
      return {
        system,
        spack: tools.map((t) => {
          const mpi = t === "openmpi" || t === "mpich" ? "" : `${rng.chance(0.3) ? " +mpi" : ""}${rng.chance(0.2) ? " ^openmpi@5.0.5" : ""}`;
          return `${t}@${version(rng)}${mpi}`;
        }),
      };
    default:
      // apt, dnf and pip templates install the scientific stack with pip into a venv.
      return { system, pip: tools.map((t) => (rng.chance(0.5) ? `${t}==${version(rng)}` : t)) };
  }
}

function instanceDefaults(rng: Rng, plan: EnvironmentPlan): Environment["instance_defaults"] {
  const size = rng.pick(plan.gpu ? SIZES.slice(1, 4) : SIZES);
  const types: Partial<Record<Architecture, string>> = {};
  const cost: Partial<Record<Architecture, number>> = {};
  const base = plan.gpu ? rng.int(60, 240) / 100 : rng.int(8, 90) / 100;
  for (const arch of plan.architectures) {
    const families = arch === "arm64" ? ARM : X86;
    types[arch] = `${rng.pick(plan.gpu ? families.gpu : families.cpu)}.${size}`;
    cost[arch] = Math.round(base * (arch === "arm64" ? 0.8 : 1) * 10000) / 10000;
  }
  return { instance_types: types, root_volume_gb: rng.pick([30, 50, 100, 200, 300, 500]), estimated_cost_per_hour: cost };
}
