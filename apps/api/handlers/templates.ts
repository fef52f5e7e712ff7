import { communityTemplate, isCatalogItem } from "../../../core/community/stats.js";
import type { CommunityTemplate, CommunityTemplateList, TemplateQuery } from "../../../core/types/generated.js";
import { type Handler, page, reply, requireTemplate } from "../context.js";

const NUMERIC: Record<string, (t: CommunityTemplate) => number> = {
  rating: (t) => t.rating_bayesian,
  reviews: (t) => t.reviews,
  downloads: (t) => t.downloads,
  launches: (t) => t.launches,
  trending: (t) => t.trending_7d,
};

export const listTemplates: Handler = async (r) => {
  const q = r.query as TemplateQuery;
  const items = q.category ? await r.store.catalog.templatesInCategory(q.category) : await r.store.catalog.scanTemplates();
  const words = (q.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const minRating = q.min_rating === undefined ? undefined : Number(q.min_rating);
  const matches = items
    .filter(isCatalogItem)
    .filter((i) => r.includeNonPublic || i.visibility === "public")
    .map(communityTemplate)
    .filter((t) => (q.status ? t.maintenance_status === q.status : t.maintenance_status !== "archived"))
    .filter((t) => !q.architecture || t.architecture.includes(q.architecture))
    .filter((t) => !q.region || t.regions.includes(q.region))
    .filter((t) => !q.author || t.author === q.author)
    .filter((t) => (q.tag ?? []).every((tag) => t.tags.includes(tag)))
    .filter((t) => minRating === undefined || t.rating >= minRating)
    .filter((t) => {
      if (words.length === 0) return true;
      const text = [t.template_id, t.name, t.description, t.author, ...t.tags].join(" ").toLowerCase();
      return words.every((w) => text.includes(w));
    });
  const sort = q.sort ?? "rating";
  const desc = (q.order ?? (sort === "name" ? "asc" : "desc")) === "desc";
  const key = (t: CommunityTemplate): number | string =>
    sort === "name" ? t.name.toLowerCase() : sort === "updated" ? t.last_updated : (NUMERIC[sort]?.(t) ?? 0);
  matches.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const byKey = ka < kb ? -1 : ka > kb ? 1 : 0;
    return (desc ? -byKey : byKey) || (a.template_id < b.template_id ? -1 : 1);
  });
  const { rows, next } = page(matches, q as Record<string, unknown>);
  const body: CommunityTemplateList = { templates: rows, total: matches.length, ...(next ? { next_cursor: next } : {}) };
  return reply(r, 200, body);
};

export const getTemplate: Handler = async (r) => reply(r, 200, communityTemplate(await requireTemplate(r)));
