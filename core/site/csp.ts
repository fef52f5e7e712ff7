/**
 * The site's Content-Security-Policy. Scripts and styles load only from the site's own files:
 * Astro is configured never to inline either (site/astro.config.mjs), and tests/site checks every
 * page for inline scripts, style blocks and style attributes.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
] as const;

/** Directives a <meta> policy may not carry: browsers ignore them there and log an error on every page (CSP 3, §3.3). */
const HEADER_ONLY = ["frame-ancestors", "report-uri", "sandbox"];

/** The whole policy, as the Content-Security-Policy response header (CloudFront, npm start: core/site/security-headers.ts). */
export const CONTENT_SECURITY_POLICY = DIRECTIVES.join("; ");

/** The policy in every page's <meta> tag: the header's, less the header-only directives. */
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.filter((d) => !HEADER_ONLY.includes(d.split(" ")[0] ?? "")).join("; ");
