import type { PublishedTemplate, TemplateSummary } from "../types/generated.js";
import { applyBrowse, emptyState } from "./browse.js";
import type { SiteData } from "./site-data.js";

/**
 * Small, pure helpers the pages share: URLs, formatting and derived lists. Everything here is
 * deterministic (no clock, no locale), so two builds of the same data give the same bytes.
 */

export const SITE_NAME = "CloudWorkstation Templates";

export const urls = {
  home: "/",
  browse: "/templates/",
  template: (id: string) => `/templates/${encodeURIComponent(id)}/`,
  /** The diff page between two versions (core/site/versions.ts), what `cws marketplace diff <id> <from> <to>` prints. */
  diff: (id: string, from: string, to: string) => `/templates/${encodeURIComponent(id)}/diff/${encodeURIComponent(from)}..${encodeURIComponent(to)}/`,
  categories: "/categories/",
  category: (id: string) => `/categories/${encodeURIComponent(id)}/`,
  author: (handle: string) => `/authors/${encodeURIComponent(handle)}/`,
  search: (q: string) => `/templates/?q=${encodeURIComponent(q)}`,
  filter: (facet: string, value: string) => `/templates/?${new URLSearchParams({ [facet]: value }).toString()}`,
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-09-14" or an RFC 3339 time → "14 Sep 2026", read in UTC whatever the build machine's zone. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** 950 → "950", 1234 → "1.2k", 2_500_000 → "2.5M". */
export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  const [value, unit] = n < 1_000_000 ? [n / 1000, "k"] : [n / 1_000_000, "M"];
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, "")}${unit}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export function formatRating(rating: number): string {
  return rating.toFixed(1);
}

export function formatUsd(perHour: number): string {
  return `$${perHour < 1 ? perHour.toFixed(3).replace(/0$/, "") : perHour.toFixed(2)}/h`;
}

export const ARCH_LABELS: Record<string, string> = { x86_64: "x86_64 (Intel/AMD)", arm64: "arm64 (Graviton)" };
export const STATUS_LABELS: Record<string, string> = { active: "Active", deprecated: "Deprecated", archived: "Archived" };

export function categoryName(data: SiteData, id: string): string {
  return data.categories.categories.find((c) => c.id === id)?.name ?? id;
}

/** The command the CLI runs to launch a template (the instance name is the user's choice). */
export function launchCommand(id: string, instanceName = "my-workstation"): string {
  return `cws launch marketplace:${id} ${instanceName}`;
}

/** A default instance name: the id's first words, which reads well in `cws list`. */
export function defaultInstanceName(id: string): string {
  return `${id.split("-").slice(0, 2).join("-")}-1`;
}

/** Templates in the browse page's initial order (what the no-JavaScript list shows), archived last. */
export function browseOrder(data: SiteData): TemplateSummary[] {
  const rows = data.catalog.templates;
  const shown = applyBrowse(rows, emptyState()).map((row) => rows[row] as TemplateSummary);
  return [...shown, ...rows.filter((s) => s.maintenance_status === "archived")];
}

/** Listed templates (archived ones hidden) newest first. */
export function newest(data: SiteData, count: number): TemplateSummary[] {
  return data.catalog.templates
    .filter((s) => s.maintenance_status !== "archived")
    .sort((a, b) => (a.last_updated < b.last_updated ? 1 : a.last_updated > b.last_updated ? -1 : a.template_id.localeCompare(b.template_id)))
    .slice(0, count);
}

export interface TrendingRow {
  summary: TemplateSummary;
  score: number;
  window: "7d" | "30d";
}

/** The 7-day ranking, or the 30-day one when the last week was quiet; empty when nothing is recorded. */
export function trending(data: SiteData, count: number): TrendingRow[] {
  const bySummary = new Map(data.catalog.templates.map((s) => [s.template_id, s]));
  for (const window of ["7d", "30d"] as const) {
    const rows = data.trending.windows[window]
      .filter((e) => e.score > 0)
      .flatMap((e) => {
        const summary = bySummary.get(e.template_id);
        return summary && summary.maintenance_status !== "archived" ? [{ summary, score: e.score, window }] : [];
      });
    if (rows.length > 0) return rows.slice(0, count);
  }
  return [];
}

export function inCategory(data: SiteData, id: string): TemplateSummary[] {
  return browseOrder(data).filter((s) => s.category === id);
}

export interface AuthorPage {
  handle: string;
  authored: TemplateSummary[];
  /** Templates the handle co-owns but did not author. */
  maintains: TemplateSummary[];
}

/** Every author and owner handle with the templates they wrote or maintain. */
export function authors(data: SiteData): AuthorPage[] {
  const pages = new Map<string, AuthorPage>();
  const page = (handle: string) => {
    const existing = pages.get(handle);
    if (existing) return existing;
    const created: AuthorPage = { handle, authored: [], maintains: [] };
    pages.set(handle, created);
    return created;
  };
  const summaries = new Map(data.catalog.templates.map((s) => [s.template_id, s]));
  for (const r of data.records) {
    const s = summaries.get(r.template_id);
    if (!s) continue;
    page(r.author).authored.push(s);
    for (const owner of r.owners) if (owner !== r.author) page(owner).maintains.push(s);
  }
  return [...pages.values()].sort((a, b) => a.handle.localeCompare(b.handle));
}

export interface AmiCell {
  region: string;
  arch: "x86_64" | "arm64";
  ami?: { image_id: string; owner_id: string; created_at: string };
}

/** One row per supported region, one cell per supported architecture, built or not. */
export function amiTable(r: PublishedTemplate): { archs: ("x86_64" | "arm64")[]; rows: { region: string; cells: AmiCell[] }[] } {
  const archs = [...r.architecture].sort();
  const rows = [...r.regions].sort().map((region) => ({
    region,
    cells: archs.map((arch) => {
      const ami = r.amis[region]?.[arch];
      return ami ? { region, arch, ami } : { region, arch };
    }),
  }));
  return { archs, rows };
}

/** Distinct AMI owner accounts, which a careful user checks with DescribeImages before launching. */
export function amiOwners(r: PublishedTemplate): string[] {
  const owners = new Set<string>();
  for (const byArch of Object.values(r.amis)) for (const ami of Object.values(byArch ?? {})) if (ami) owners.add(ami.owner_id);
  return [...owners].sort();
}

export interface HistogramRow {
  stars: 1 | 2 | 3 | 4 | 5;
  count: number;
  /** Share of all reviews, 0-100, rounded. */
  percent: number;
}

export function histogram(h: PublishedTemplate["rating_histogram"]): HistogramRow[] {
  const total = h["1"] + h["2"] + h["3"] + h["4"] + h["5"];
  return ([5, 4, 3, 2, 1] as const).map((stars) => {
    const count = h[String(stars) as "1"];
    return { stars, count, percent: total ? Math.round((count / total) * 100) : 0 };
  });
}

/** A link for the license: the author's, or SPDX's page for a single identifier. */
export function licenseUrl(r: PublishedTemplate): string | undefined {
  if (r.publication.license_url) return r.publication.license_url;
  return /^[A-Za-z0-9.+-]+$/.test(r.publication.license) && r.publication.license !== "Custom"
    ? `https://spdx.org/licenses/${r.publication.license}.html`
    : undefined;
}

export function doiUrl(doi: string): string {
  return `https://doi.org/${doi.split("/").map(encodeURIComponent).join("/")}`;
}

export interface Lineage {
  parent?: { id: string; version: string; summary?: TemplateSummary };
  forks: TemplateSummary[];
}

export function lineage(data: SiteData, r: PublishedTemplate): Lineage {
  const summaries = new Map(data.catalog.templates.map((s) => [s.template_id, s]));
  const forks = r.forks.flatMap((id) => summaries.get(id) ?? []);
  if (!r.forked_from) return { forks };
  const summary = summaries.get(r.forked_from.template_id);
  return { parent: { id: r.forked_from.template_id, version: r.forked_from.version, ...(summary ? { summary } : {}) }, forks };
}

/** Packages by manager, in a fixed order, skipping empty lists. */
export function packageGroups(r: PublishedTemplate): { manager: string; packages: string[] }[] {
  const p = r.environment.packages ?? {};
  return (["system", "conda", "pip", "spack"] as const).flatMap((manager) => {
    const packages = p[manager] ?? [];
    return packages.length > 0 ? [{ manager, packages }] : [];
  });
}

/** Absolute URL for a site path, for canonical links, Open Graph and the sitemap. */
export function absolute(data: SiteData, path: string): string {
  return `${data.siteUrl}${path}`;
}

/** Shortens text for meta descriptions at a word boundary. */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2)).replace(/[,.;:]$/, "")}…`;
}
