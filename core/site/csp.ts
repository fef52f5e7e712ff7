/**
 * The Content-Security-Policy every page carries in a <meta> tag. Scripts and styles load only
 * from the site's own files: Astro is configured never to inline either (site/astro.config.mjs),
 * and tests/site checks every page for inline scripts, style blocks and style attributes.
 * frame-ancestors has no effect in a <meta> tag; it is kept so a CDN copying the policy into a
 * header gets it, and the CDN's own headers should set it too.
 */
export const CONTENT_SECURITY_POLICY = [
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
].join("; ");
