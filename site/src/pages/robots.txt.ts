import { data } from "../lib/data.js";

export function GET(): Response {
  return new Response(`User-agent: *\nAllow: /\nSitemap: ${data.siteUrl}/sitemap.xml\n`, { headers: { "content-type": "text/plain; charset=utf-8" } });
}
