import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBuild } from "../../core/build/run-build.js";
import { ROOT, tempDir } from "../helpers/run.js";
import { type StaticServer, startStaticServer } from "../tuf/helpers/static-server.js";
import { builtMarketplace, cws, userHome } from "./helpers.js";

const servers: StaticServer[] = [];
let config: Record<string, string>;

/** An institution's private registry: its own version of the genomics template and one template of its own. */
async function institutionRegistry() {
  const dir = tempDir("cws-private-");
  const registry = join(dir, "registry");
  mkdirSync(join(registry, "templates"), { recursive: true });
  for (const f of ["categories.json"]) cpSync(join(ROOT, "registry", f), join(registry, f));
  writeFileSync(join(registry, "featured.json"), '{ "featured": [] }\n');
  cpSync(join(ROOT, "registry/templates/genomics-pipeline-v3"), join(registry, "templates/genomics-pipeline-v3"), { recursive: true });
  const genomics = join(registry, "templates/genomics-pipeline-v3/template.json");
  writeFileSync(
    genomics,
    readFileSync(genomics, "utf8").replace('"name": "Advanced Genomics Analysis Pipeline"', '"name": "Genomics Pipeline (Campus Build)"'),
  );
  cpSync(join(ROOT, "registry/templates/hpc-mpi-spack"), join(registry, "templates/campus-cluster-env"), { recursive: true });
  const campus = join(registry, "templates/campus-cluster-env/template.json");
  const t = JSON.parse(readFileSync(campus, "utf8"));
  t.template_id = "campus-cluster-env";
  delete t.forked_from;
  writeFileSync(campus, JSON.stringify(t, null, 2));
  const keysDir = join(dir, "keys");
  const out = join(dir, "dist");
  await runBuild({ registry, out, env: {}, devKeysDir: keysDir, site: false });
  rmSync(join(registry), { recursive: true });
  return { out, root: join(keysDir, "root.json") };
}

beforeAll(async () => {
  const publicMarket = await builtMarketplace();
  const privateMarket = await institutionRegistry();
  const pub = await startStaticServer(publicMarket.out);
  const priv = await startStaticServer(privateMarket.out);
  servers.push(pub, priv);
  config = userHome();
  mkdirSync(join(config.XDG_CONFIG_HOME ?? "", "cws"), { recursive: true });
  writeFileSync(
    join(config.XDG_CONFIG_HOME ?? "", "cws", "marketplace.json"),
    JSON.stringify({
      registries: [
        { name: "public", url: pub.url, trusted_root: publicMarket.root, priority: 0 },
        { name: "institution", url: priv.url, trusted_root: privateMarket.root, priority: 10 },
      ],
    }),
  );
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe("several registries from the XDG config file", () => {
  it("merges catalogs and lets the higher-priority registry win a shared id", async () => {
    const info = JSON.parse((await cws(["marketplace", "info", "genomics-pipeline-v3", "--json"], config)).stdout) as { name: string; registry: string };
    expect(info).toMatchObject({ name: "Genomics Pipeline (Campus Build)", registry: "institution" });
    const list = JSON.parse((await cws(["marketplace", "list", "--limit", "100", "--json"], config)).stdout) as { template_id: string; registry: string }[];
    expect(list.find((t) => t.template_id === "campus-cluster-env")?.registry).toBe("institution");
    expect(list.find((t) => t.template_id === "jupyter-data-science")?.registry).toBe("public");
    expect(list.filter((t) => t.template_id === "genomics-pipeline-v3")).toHaveLength(1);
    const search = JSON.parse((await cws(["marketplace", "search", "campus", "--json"], config)).stdout) as { results: { template_id: string }[] };
    expect(search.results[0]?.template_id).toBe("genomics-pipeline-v3");
  });

  it("uses the flags over the config file", async () => {
    const first = servers[0];
    if (!first) throw new Error("no server");
    const publicRoot = JSON.parse(readFileSync(join(config.XDG_CONFIG_HOME ?? "", "cws", "marketplace.json"), "utf8")).registries[0].trusted_root as string;
    const info = JSON.parse(
      (await cws(["marketplace", "info", "genomics-pipeline-v3", "--json", "--registry-url", first.url, "--trusted-root", publicRoot], config)).stdout,
    ) as { name: string; registry: string };
    expect(info).toMatchObject({ name: "Advanced Genomics Analysis Pipeline", registry: "default" });
  });
});
