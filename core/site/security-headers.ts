import { CONTENT_SECURITY_POLICY } from "./csp.js";

/**
 * The security headers every response of the marketplace's origin carries: the one definition
 * behind CloudFront's response headers policy (apps/infra/template.ts) and the local stand-in for
 * CloudFront (apps/local/cdn-server.ts, npm start).
 */
export const SECURITY_HEADERS = {
  contentSecurityPolicy: CONTENT_SECURITY_POLICY,
  /** X-Content-Type-Options: nosniff. */
  contentTypeOptions: "nosniff",
  /** X-Frame-Options, for browsers that predate CSP's frame-ancestors. */
  frameOptions: "DENY",
  referrerPolicy: "strict-origin-when-cross-origin",
  /** Strict-Transport-Security; only ever sent over HTTPS (browsers ignore it over plain HTTP). */
  strictTransportSecurity: { maxAgeSeconds: 63_072_000, includeSubdomains: true },
} as const;

/** The headers as HTTP sends them; HSTS only for an HTTPS origin. */
export function securityHeaderValues(options: { https: boolean }): Record<string, string> {
  const h = SECURITY_HEADERS;
  const hsts = h.strictTransportSecurity;
  return {
    "content-security-policy": h.contentSecurityPolicy,
    "x-content-type-options": h.contentTypeOptions,
    "x-frame-options": h.frameOptions,
    "referrer-policy": h.referrerPolicy,
    ...(options.https ? { "strict-transport-security": `max-age=${hsts.maxAgeSeconds}${hsts.includeSubdomains ? "; includeSubDomains" : ""}` } : {}),
  };
}
