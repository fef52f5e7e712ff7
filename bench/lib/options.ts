import { parseArgs } from "node:util";

export const SECTIONS = ["core", "validate", "build", "search", "site", "publish", "api"] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  sizes: number[];
  runs: number;
  only: Set<Section>;
  json?: string;
  /** Also write the table as Markdown (for BENCHMARKS.md). */
  markdown?: string;
  siteMax: number;
  /** Hard limit for one measured child process. */
  timeoutMs: number;
  /** Hard limit for one CLI search: an interactive command, so a much lower one. */
  searchTimeoutMs: number;
  /** A case whose first run takes longer than this is not repeated. */
  slowMs: number;
  verbose: boolean;
  keep: boolean;
  seed: number;
  cpuProfDir?: string;
  apiRequests: number;
  apiConcurrency: number;
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]

Generates synthetic registries in a temporary folder and measures validate, build, index sizes,
CLI search, site build, incremental publish and API writes against their targets. Targets are
goals: the exit status is 0 whether or not they are met, and 1 only when the harness failed.

Options:
  --sizes <n,n,...>     registry sizes (default 1000,10000)
  --runs <n>            runs per timing; the table shows the median (default 5)
  --only <s,s,...>      sections: ${SECTIONS.join(", ")} (default: all)
  --json <file>         also write every sample, min/max and machine info as JSON
  --markdown <file>     also write the table as Markdown (the BENCHMARKS.md format)
  --site-max <n>        skip the site build above this size (default 10000)
  --timeout <s>         kill a measured process after this long (default 600)
  --search-timeout <s>  the same for one CLI search or naive Lunr query (default 60)
  --slow <s>            measure a case once when its first run takes longer (default 60)
  --seed <n>            corpus seed (default 1)
  --api-requests <n>    requests per API write benchmark (default 2000)
  --api-concurrency <n> requests in flight (default 16)
  --cpu-prof <dir>      profile measured processes and the s3rver/API servers into <dir>
  --keep                keep the temporary folder and print its path
  --verbose             progress lines and the keys a publish uploaded
  -h, --help            show this help`;

function positiveInt(name: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error(`--${name} must be a whole number above 0, not "${text}"`);
  return Number(text);
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: "string", default: "1000,10000" },
      runs: { type: "string", default: "5" },
      only: { type: "string" },
      json: { type: "string" },
      markdown: { type: "string" },
      "site-max": { type: "string", default: "10000" },
      timeout: { type: "string", default: "600" },
      "search-timeout": { type: "string", default: "60" },
      slow: { type: "string", default: "60" },
      seed: { type: "string", default: "1" },
      "api-requests": { type: "string", default: "2000" },
      "api-concurrency": { type: "string", default: "16" },
      "cpu-prof": { type: "string" },
      keep: { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const only = new Set<Section>();
  for (const name of (values.only ?? SECTIONS.join(",")).split(",").filter(Boolean)) {
    if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`--only: unknown section "${name}"; use ${SECTIONS.join(", ")}`);
    only.add(name as Section);
  }
  const sizes = values.sizes.split(",").map((s) => positiveInt("sizes", s.trim().replace(/_/g, "")));
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    runs: positiveInt("runs", values.runs),
    only,
    ...(values.json ? { json: values.json } : {}),
    ...(values.markdown ? { markdown: values.markdown } : {}),
    siteMax: positiveInt("site-max", values["site-max"]),
    timeoutMs: positiveInt("timeout", values.timeout) * 1000,
    searchTimeoutMs: positiveInt("search-timeout", values["search-timeout"]) * 1000,
    slowMs: positiveInt("slow", values.slow) * 1000,
    verbose: values.verbose,
    keep: values.keep,
    seed: positiveInt("seed", values.seed),
    ...(values["cpu-prof"] ? { cpuProfDir: values["cpu-prof"] } : {}),
    apiRequests: positiveInt("api-requests", values["api-requests"]),
    apiConcurrency: positiveInt("api-concurrency", values["api-concurrency"]),
    help: values.help,
  };
}
