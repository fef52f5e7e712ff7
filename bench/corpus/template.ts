import type { Architecture, ChangelogEntry, Template } from "../../core/types/generated.js";
import type { Rng } from "../lib/prng.js";
import { FUNDERS, LICENSES } from "./common-words.js";
import { description } from "./description.js";
import { environment } from "./environment.js";
import type { Field } from "./field.js";
import type { IdRegistry } from "./ids.js";
import { type People, shortField } from "./people.js";
import { qualifiersFor, type Vocabulary } from "./vocabulary.js";

const CHANGES: [ChangelogEntry["changes"][number]["kind"], string][] = [
  ["changed", "Updated {tool} to the latest release and rebuilt on the current base image."],
  ["security", "Rebuilt on the monthly patched base image."],
  ["fixed", "Pinned {tool} so the example notebooks run again after an upstream API change."],
  ["added", "Example data is now staged from S3 at first boot."],
  ["added", "Graviton (arm64) support where every package has an aarch64 build."],
  ["fixed", "Idle detection no longer stops the instance during long {tool} runs."],
  ["removed", "Dropped the legacy Python 3.9 environment."],
];
const REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "eu-west-1",
  "eu-central-1",
  "eu-west-2",
  "eu-north-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "ca-central-1",
];

export interface TemplateContext {
  vocabulary: Vocabulary;
  people: People;
  ids: IdRegistry;
  /** Active templates generated so far, as fork parents and replacements. */
  active: Template[];
}

/** One template.json: identity, taxonomy, publication, changelog, tests, AMI settings and environment. */
export function generateTemplate(rng: Rng, ctx: TemplateContext, f: Field): Template {
  const pools = ctx.vocabulary.pools.get(f.category);
  if (!pools) throw new Error(`no vocabulary for ${f.category}`);
  const author = ctx.people.author(rng);
  const owners = rng.chance(0.35) ? [author, ctx.people.coOwner(rng, author)] : [author];
  const gpu = rng.chance(f.gpu);
  const architectures: Architecture[] = gpu
    ? rng.chance(0.15)
      ? ["x86_64", "arm64"]
      : ["x86_64"]
    : rng.pick([["x86_64", "arm64"], ["x86_64", "arm64"], ["x86_64"], ["arm64"]]);
  const subject = rng.chance(0.6) ? pools.domain.draw(rng) : pools.object.draw(rng);
  const tool = pools.tool.draw(rng);
  const qualifier = gpu ? "gpu" : rng.chance(0.5) ? rng.pick(qualifiersFor(f)) : undefined;
  const id = claimId(rng, ctx, [subject, tool, qualifier], author);
  const env = environment(rng, { field: f, gpu, architectures, tools: [tool] });
  const regions = rng.sample(REGIONS, rng.int(1, 5));
  const version = `${rng.int(0, 4)}.${rng.int(0, 12)}.${rng.int(0, 9)}`;
  const tags = new Set<string>([tool]);
  const wanted = rng.int(3, 8);
  for (let i = 0; tags.size < wanted && i < 50; i++) tags.add(pools.tag.draw(rng));
  const t: Template = {
    $schema: "../../../schemas/template.schema.json",
    template_id: id,
    name: title(subject, tool, qualifier),
    description: description(rng, {
      vocabulary: ctx.vocabulary,
      category: f.category,
      packageManager: env.package_manager,
      connection: env.connection_type ?? "ssh",
      architectures,
    }),
    author,
    owners,
    version,
    category: f.category,
    tags: [...tags],
    research_domains: rng.sample(f.domains, rng.int(1, 3)),
    architecture: architectures,
    regions,
    publication: {
      visibility: "public",
      license: rng.pick(LICENSES),
      documentation_url: `https://github.com/${author}/${id}`,
      ...(rng.chance(0.3) ? { paper_doi: `10.${rng.int(1000, 9999)}/${shortField(f.category)}.${rng.int(2015, 2026)}.${rng.int(100, 99999)}` } : {}),
      ...(rng.chance(0.4) ? { funding_source: `${rng.pick(FUNDERS)}${rng.int(10000, 99999)}` } : {}),
      maintenance_status: "active",
    },
    changelog: changelog(rng, version, tool),
    validation_tests: [
      { name: `${tool} runs`, command: `${tool} --version`, expect_exit_code: 0, timeout_seconds: rng.pick([60, 120, 300]) },
      ...(rng.chance(0.5) ? [{ name: "python imports", command: "python3 -c 'import sys; print(sys.version)'", expect_output: "3." }] : []),
    ],
    ...(rng.chance(0.5) ? { ami: { build: true, regions: rng.sample(regions, rng.int(1, regions.length)) } } : {}),
    environment: env,
  };
  lifecycle(rng, ctx, t);
  if (t.publication.maintenance_status === "active") ctx.active.push(t);
  return t;
}

/** Subject-tool[-qualifier], then other orders, then the author's handle, then a counter: the first free id. */
function claimId(rng: Rng, ctx: TemplateContext, [subject, tool, qualifier]: (string | undefined)[], author: string): string {
  const candidates = [
    [subject, tool, qualifier],
    [subject, tool],
    [tool, subject, qualifier],
    [subject, tool, rng.pick(["lab", "workstation", "env", "stack", "kit"])],
    [subject, tool, author],
  ].map((parts) => parts.filter(Boolean).join("-").slice(0, 64).replace(/-+$/, ""));
  for (const id of candidates) if (ctx.ids.claim(id)) return id;
  for (let n = 2; ; n++) {
    const id = `${subject}-${tool}-${author}-${n.toString(36)}${rng.int(100, 999)}`.slice(-64).replace(/^-+/, "");
    if (ctx.ids.claim(id)) return id;
  }
}

/** "Variant Calling Workstation with gatk (gpu)": tool names keep their own spelling, as projects write them. */
function title(subject: string, tool: string, qualifier: string | undefined): string {
  const word = (w: string) => (w.length <= 3 ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1));
  const text = `${subject.split("-").map(word).join(" ")} Workstation with ${tool}${qualifier ? ` (${qualifier})` : ""}`;
  return text.length <= 80 ? text : `${text.slice(0, 77)}...`;
}

function changelog(rng: Rng, version: string, tool: string): ChangelogEntry[] {
  const [major = 0, minor = 0, patch = 0] = version.split(".").map(Number);
  const entries: ChangelogEntry[] = [];
  let [y, m] = [2026, rng.int(6, 10)];
  const versions = [version, ...(patch > 0 ? [`${major}.${minor}.${patch - 1}`] : []), ...(minor > 0 ? [`${major}.${minor - 1}.0`] : [])];
  for (const v of versions.slice(0, rng.int(1, versions.length))) {
    entries.push({
      version: v,
      date: `${y}-${String(m).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}`,
      changes: rng.sample(CHANGES, rng.int(1, 3)).map(([kind, text]) => ({ kind, description: text.replace("{tool}", tool) })),
    });
    [y, m] = m > 3 ? [y, m - 3] : [y - 1, m + 9];
  }
  return entries;
}

/** A few templates are forks, deprecated (with an active replacement) or archived, as in any real registry. */
function lifecycle(rng: Rng, ctx: TemplateContext, t: Template): void {
  const parent = ctx.active.length > 0 ? rng.pick(ctx.active) : undefined;
  if (parent && rng.chance(0.03)) t.forked_from = { template_id: parent.template_id, version: parent.version };
  const roll = rng.next();
  if (roll < 0.04 && parent && parent.template_id !== t.forked_from?.template_id) {
    t.publication.maintenance_status = "deprecated";
    t.publication.maintenance = {
      reason: `Superseded by ${parent.template_id}, which has newer releases.`,
      date: "2026-09-01",
      replacement: parent.template_id,
    };
  } else if (roll < 0.06) {
    t.publication.maintenance_status = "archived";
    t.publication.maintenance = { reason: "No longer maintained; the upstream tools moved on.", date: "2026-08-15" };
  }
}
