/**
 * How long a CDN may keep an anonymous GET's answer, in seconds: the API's answers are live
 * (what DynamoDB holds now), so a CDN in front of it serves copies at most this old (client spec
 * §6). apps/infra/template.ts caps the CloudFront cache behaviour of the API paths at the same.
 */
export const API_CDN_MAX_AGE_SECONDS = 10;

/** Browsers revalidate every time; a shared cache (CloudFront) keeps the answer for a few seconds. */
export const SHARED_FOR_SECONDS = `public, max-age=0, s-maxage=${API_CDN_MAX_AGE_SECONDS}`;
/** An answer only its caller may see (a hidden review shown to its author): never stored. */
export const PERSONAL = "private, no-store";
export const NO_STORE = "no-store";

/**
 * The Cache-Control of an answer that set none: reads are shared for a few seconds, except
 * failures a retry may cure (5xx); writes are never stored.
 */
export function cacheControlFor(method: string, status: number): string {
  return (method === "GET" || method === "HEAD") && status < 500 ? SHARED_FOR_SECONDS : NO_STORE;
}
