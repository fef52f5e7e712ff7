import type { Template } from "../../core/types/generated.js";
import type { Rng } from "../lib/prng.js";

const CONNECT: Record<string, (port: number | undefined) => string> = {
  web: (port) => `Open the forwarded URL (for example http://localhost:${port ?? 8888}) in your browser.`,
  desktop: (port) => `Open the remote desktop at https://localhost:${port ?? 8443} after \`cws connect\` sets up the tunnel.`,
  ssh: () => "You are logged in as the researcher user with the software on your PATH.",
};

/**
 * A README like the seeded ones (about 1.5-3 KB): what the template is for, what is installed,
 * how to launch and connect, a first example and where to get help. Links use https only, so
 * the docs rules (CWS215, CWS216) pass.
 */
export function readme(rng: Rng, t: Template): string {
  const env = t.environment;
  const pkgs = [...(env.packages?.conda ?? []), ...(env.packages?.spack ?? []), ...(env.packages?.pip ?? [])].filter((p) => !p.startsWith("python="));
  const rows = pkgs.slice(0, 12).map((spec) => {
    const [name, ver] = spec.split(/[@=><]+| /);
    return `| ${name} | ${ver && /^\d/.test(ver) ? `${ver}+` : "current"} | ${rng.pick(["", "from the default channel", "tested in CI", "pinned", "with examples"])} |`;
  });
  const port = env.services?.[0]?.port;
  const instance = `cws launch ${t.template_id} my-${t.tags[0] ?? "workstation"}`;
  const tool = pkgs[0]?.split(/[@=><]+| /)[0] ?? "python";
  const sections = [
    `# ${t.name}`,
    "",
    t.description,
    "",
    `This workstation is maintained by ${t.owners.join(" and ")}. It runs on ${t.architecture.join(" and ")} instances in ${t.regions.join(", ")}, ` +
      `and ${env.idle_detection?.enabled ? "stops itself when idle, so an overnight job does not become a surprise bill" : "keeps running until you stop it"}.`,
    "",
    "## What's installed",
    "",
    "| Tool | Version | Notes |",
    "| --- | --- | --- |",
    ...(rows.length ? rows : ["| (prebuilt image) | current | everything is baked into the AMI |"]),
    "",
    `Packages come from ${env.package_manager}${env.packages?.system?.length ? `, with ${env.packages.system.slice(0, 4).join(", ")} from the system package manager` : ""}.`,
    "",
    "## Launching and connecting",
    "",
    "```bash",
    instance,
    `cws connect my-${t.tags[0] ?? "workstation"}`,
    "```",
    "",
    CONNECT[env.connection_type ?? "ssh"]?.(port) ?? "",
    "",
    "## First example",
    "",
    "```bash",
    `${tool} --version`,
    `ls /data/examples   # staged at first boot when example data was chosen`,
    "```",
    "",
    `Start with the ${tool} tutorial data in /data/examples, then point the same commands at your own data on the attached volume.`,
    "",
    "## Help",
    "",
    `Documentation and issues: ${t.publication.documentation_url ?? "https://github.com/cloudworkstation/marketplace"}.` +
      (t.publication.paper_doi ? ` If you use this environment in a paper, please cite https://doi.org/${t.publication.paper_doi}.` : ""),
    "",
  ];
  return sections.join("\n");
}
