import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StaticServer, startStaticServer } from "../tuf/helpers/static-server.js";
import { builtMarketplace, cws, userHome } from "./helpers.js";

let server: StaticServer;
let flags: string[];

beforeAll(async () => {
  const market = await builtMarketplace();
  server = await startStaticServer(market.out);
  flags = ["--registry-url", server.url, "--trusted-root", market.root];
});
afterAll(async () => {
  await server?.close();
});

type Result = { template_id: string; software?: { source: string; matched: { name: string; version: string }[] } };

describe("cws marketplace search --has (seeded registry: declared software)", () => {
  it("keeps templates whose declared packages guarantee the spec, and says they are declared", async () => {
    const home = userHome();
    const run = async (...has: string[]) => {
      const r = await cws(["marketplace", "search", "genomics", "--json", ...has.flatMap((h) => ["--has", h]), ...flags], home);
      return { status: r.status, results: (JSON.parse(r.stdout) as { results: Result[] }).results };
    };
    const ok = await run("samtools>=1.20");
    expect(ok.status).toBe(0);
    const genomics = ok.results.find((r) => r.template_id === "genomics-pipeline-v3");
    expect(genomics?.software).toEqual({ source: "declared", matched: [{ ecosystem: "conda", name: "samtools", version: ">=1.21" }] });
    // Declared ">=1.21" does not guarantee ">=1.22"; several --has are ANDed.
    expect((await run("samtools>=1.22")).results.map((r) => r.template_id)).not.toContain("genomics-pipeline-v3");
    expect((await run("samtools>=1.20", "pip:pysam>=0.22")).results.map((r) => r.template_id)).toContain("genomics-pipeline-v3");
    expect((await run("samtools>=1.20", "pip:pysam>=0.30")).results.map((r) => r.template_id)).not.toContain("genomics-pipeline-v3");
    const text = await cws(["marketplace", "search", "genomics", "--has", "samtools>=1.20", ...flags], home);
    expect(text.stdout).toMatch(/declared packages \(no image built yet\)/);
  });

  it("exits 2 with a hint on a bad spec", async () => {
    const r = await cws(["marketplace", "search", "genomics", "--has", "samtools>=", ...flags], userHome());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/CWS-CLI-HAS/);
    expect(r.stderr).toMatch(/no version after ">="/);
    expect(r.stderr).toMatch(/hint: .*samtools>=1\.20/);
  });
});
