import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { API_BASE } from "../../core/spec/layout.js";
import { generateCorpus, writeCorpus } from "../corpus/generate.js";
import { ROOT } from "../lib/child.js";
import type { BenchContext } from "../lib/context.js";
import { type LoadResult, runLoad } from "../lib/load.js";
import { row } from "../lib/measure.js";
import type { Row } from "../lib/row.js";
import { startServerChild } from "../lib/server-child.js";
import { buildOnce } from "../lib/tree.js";

/** Templates in the API's catalog; writes are spread over them. Writes do not depend on catalog size. */
const API_TEMPLATES = 200;

/**
 * Review and usage writes per second, with p50/p99 latency, against the marketplace API on
 * dynalite (both in one child process, as `npm start` runs them) from a closed-loop load
 * generator in the harness. Callers identify with X-CWS-User, the local-development identity.
 * Reviews are one per user per template, so every review comes from a fresh user.
 */
export async function apiSection(bench: BenchContext): Promise<Row[]> {
  const dir = bench.dir("api");
  const corpus = generateCorpus(API_TEMPLATES, bench.options.seed);
  writeCorpus(corpus, join(dir, "registry"));
  await buildOnce(bench, join(dir, "registry"), join(dir, "tree"));
  const server = await startServerChild<{ url: string; templates: { id: string }[] }>(
    join(ROOT, "bench/sections/api-child.ts"),
    [join(dir, "tree")],
    bench.profFlags("api-server"),
  );
  try {
    const active = new Set(corpus.templates.filter((g) => g.template.publication.maintenance_status === "active").map((g) => g.template.template_id));
    const ids = server.info.templates.map((t) => t.id).filter((id) => active.has(id));
    const { apiRequests: n, apiConcurrency: c } = bench.options;
    const post = (user: string, path: string, body: unknown, extra: Record<string, string> = {}) => ({
      method: "POST" as const,
      url: `${server.info.url}${API_BASE}${path}`,
      headers: { "content-type": "application/json", "x-cws-user": user, ...extra },
      body: JSON.stringify(body),
    });
    bench.log(`api: ${n} review writes, ${c} in flight`);
    const reviews = await runLoad(
      n,
      c,
      (i) =>
        post(`bench-reviewer-${i}`, `/templates/${ids[i % ids.length]}/reviews`, {
          rating: 1 + (i % 5),
          title: `Review ${i}: worked for our course`,
          content: "Launched it for a two-week workshop; the example data and notebooks worked without changes.",
        }),
      201,
    );
    bench.log(`api: ${n} usage writes, ${c} in flight`);
    const usage = await runLoad(
      n,
      c,
      (i) => {
        const id = ids[i % ids.length] as string;
        const event = {
          event_id: randomUUID(),
          template_id: id,
          event: i % 3 === 0 ? "launch" : "download",
          occurred_at: new Date().toISOString(),
          client: "cws/bench",
        };
        return post(`bench-user-${i % 500}`, `/templates/${id}/usage`, event, { "idempotency-key": event.event_id });
      },
      201,
    );
    return [...rows("review", "POST /templates/{id}/reviews", reviews, 201), ...rows("usage", "POST /templates/{id}/usage", usage, 201)];
  } finally {
    await server.close();
  }
}

function rows(name: string, route: string, r: LoadResult, expected: number): Row[] {
  const failed = r.requests - (r.statuses[expected] ?? 0);
  if (failed > 0) throw new Error(`${route}: ${failed} of ${r.requests} answers were not ${expected}: ${r.samples.join(" | ")}`);
  const detail = { requests: r.requests, wallMs: r.wallMs, statuses: r.statuses };
  return [
    row("api", `api.${name}.per_s`, `API ${route}: writes per second`, undefined, "per-second", r.perSecond, { note: `${r.requests} requests`, detail }),
    row("api", `api.${name}.p50`, `API ${route}: p50 latency`, undefined, "ms", r.p50),
    row("api", `api.${name}.p99`, `API ${route}: p99 latency`, undefined, "ms", r.p99),
  ];
}
