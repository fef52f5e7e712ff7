import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { CATALOG_PATH, SEARCH_INDEX_PATH } from "../../core/spec/layout.js";
import { failure, ROOT, runNode } from "../lib/child.js";
import { CLI } from "../lib/cli-bundle.js";
import type { SizeContext } from "../lib/context.js";
import { type Repeated, repeat, row } from "../lib/measure.js";
import type { Row } from "../lib/row.js";
import { buildOnce } from "../lib/tree.js";
import { startTreeServer, type TreeServer } from "../lib/tree-server.js";

const NAIVE = join(ROOT, "bench/lib/naive-lunr.mjs");

/**
 * The one-shot `cws marketplace search <common term>` as a user runs it: the bundled CLI in a
 * fresh process against the built tree on a loopback server, with private XDG folders. Cold
 * deletes the cache before each run; warm primes it once and then measures. The `node -e 0`
 * floor and the naive Lunr one-shot are measured in the same run, for the ratios.
 */
export async function searchSection(s: SizeContext): Promise<Row[]> {
  const { bench, size } = s;
  const term = s.corpus.commonTerm;
  if (!s.tree) {
    s.tree = `${bench.dir(`size-${size}`)}/tree`;
    await buildOnce(bench, s.registry, s.tree);
  }
  const tree = s.tree;
  const home = bench.dir(`size-${size}/home`);
  const env = { XDG_CACHE_HOME: join(home, "cache"), XDG_CONFIG_HOME: join(home, "config"), XDG_STATE_HOME: join(home, "state"), HOME: home };
  const server = await startTreeServer(tree);
  const args = [CLI, "marketplace", "search", term, "--registry-url", server.url, "--trusted-root", bench.trustedRoot, "--no-color"];
  // A search is interactive: past --search-timeout it has failed its purpose whatever the exact time.
  const limit = { timeoutMs: bench.options.searchTimeoutMs };
  const search = (label: string) => runNode(args, { ...bench.child(`search-${label}-${size}`, env), ...limit });
  try {
    const floor = await repeat(bench, "node -e 0", () => runNode(["-e", "0"], bench.child(`floor-${size}`)));

    const naiveFile = join(bench.dir(`size-${size}`), "naive-lunr.json");
    const prepared = await runNode([NAIVE, "prepare", join(tree, SEARCH_INDEX_PATH), join(tree, CATALOG_PATH), naiveFile], {
      ...bench.child("naive-prepare"),
      nodeFlags: [],
    });
    if (prepared.code !== 0) throw failure("preparing the naive Lunr index", prepared);
    const source = (JSON.parse(prepared.stdout) as { source: string; format: string }).source;
    const naive = await repeat(bench, `naive lunr ${size}`, () => runNode([NAIVE, "query", naiveFile, term], { ...bench.child(`naive-${size}`), ...limit }));
    const naiveNote = source === "tree" ? "the tree's full Lunr index" : "full Lunr index built from catalog.json (tree's index is not one)";

    const cold = await repeat(bench, `search cold ${size}`, () => {
      rmSync(env.XDG_CACHE_HOME, { recursive: true, force: true });
      return search("cold");
    });
    // Priming is a cold search too; when those time out, so would it, and the cache stays empty.
    let warm: Repeated = { runs: [], note: "not measured: a cold search timed out, so nothing could be cached" };
    let downloaded: TreeServer["requests"] = [];
    if (cold.time) {
      rmSync(env.XDG_CACHE_HOME, { recursive: true, force: true });
      server.requests.length = 0;
      const priming = await search("prime");
      downloaded = server.requests.filter((r) => r.status === 200);
      if (priming.timedOut) warm = { runs: [], note: "not measured: the priming search timed out" };
      else if (priming.code !== 0) throw failure("search (priming)", priming);
      else if (!existsSync(env.XDG_CACHE_HOME)) throw new Error("the priming search wrote no cache; warm runs would be cold");
      else warm = await repeat(bench, `search warm ${size}`, () => search("warm"));
    }

    const ratio = (a: Repeated, b: Repeated) => (a.time && b.time ? a.time.median / b.time.median : undefined);
    const coldDetail = { requests: downloaded.map((r) => `${r.path} ${r.bytes}`), bytes: downloaded.reduce((n, r) => n + r.bytes, 0) };
    return [
      row("search", "search.floor.ms", "node -e 0 (process floor)", size, "ms", floor.time, { note: floor.note }),
      row("search", "search.naive.ms", "naive Lunr one-shot (parse+load+query)", size, "ms", naive.time, { note: naive.note ?? naiveNote }),
      row("search", "search.naive.rss", "naive Lunr one-shot: peak RSS", size, "bytes", naive.rss),
      row("search", "search.cold.ms", `search "${term}", cold (empty cache)`, size, "ms", cold.time, { note: cold.note, detail: coldDetail }),
      row("search", "search.cold.rss", "search, cold: peak RSS", size, "bytes", cold.rss),
      row("search", "search.cold.download", "search, cold: bytes downloaded", size, "bytes", downloaded.length ? coldDetail.bytes : undefined, {
        note: `${downloaded.length} requests`,
        detail: coldDetail,
      }),
      row("search", "search.warm.ms", `search "${term}", warm (index cached)`, size, "ms", warm.time, { note: warm.note }),
      row("search", "search.warm.rss", "search, warm: peak RSS", size, "bytes", warm.rss),
      row("search", "search.warm_vs_floor", "search warm / node floor", size, "ratio", ratio(warm, floor)),
      row("search", "search.warm_vs_naive", "search warm / naive Lunr one-shot", size, "ratio", ratio(warm, naive)),
    ];
  } finally {
    await server.close();
  }
}
