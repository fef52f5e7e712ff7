// sitemap.xml: every page with a canonical URL, from the same list the tests check.
import { sitemapXml } from "../../../core/site/sitemap.js";
import { data } from "../lib/data.js";

export function GET(): Response {
  return new Response(sitemapXml(data), { headers: { "content-type": "application/xml; charset=utf-8" } });
}
