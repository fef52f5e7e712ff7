import { formatDate } from "./view.js";

/**
 * Words and small pure helpers of the template page's live reviews (site/src/scripts/reviews.ts).
 * The page always says where its ratings come from: the last build, or the live API.
 */

/** The note the built page carries: the figures are the build's, dated. */
export function buildReviewsNote(builtAt: string): string {
  return `Ratings and reviews as of the last build (${formatDate(builtAt)}).`;
}

/** The note once the live API has answered. */
export const LIVE_REVIEWS_NOTE = "Live: ratings and reviews from the marketplace API, as of this page load.";

/** The note when the live API did not answer (down, blocked, or not the live shape). */
export function fallbackReviewsNote(builtAt: string): string {
  return `The marketplace API did not answer, so these ratings and reviews are from the last build (${formatDate(builtAt)}).`;
}

/** Review text as paragraphs of plain text: it is shown as text, never parsed as HTML or Markdown. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

/** What the page says about an API error answer ({ error, message, hint, errors }), as one line of text. */
export function apiErrorText(status: number, body: unknown): string {
  const e = (typeof body === "object" && body !== null ? body : {}) as { message?: unknown; hint?: unknown; errors?: unknown };
  const fields = Array.isArray(e.errors)
    ? e.errors.flatMap((f: { pointer?: unknown; message?: unknown }) =>
        typeof f?.message === "string" ? [`${typeof f.pointer === "string" && f.pointer ? `${f.pointer.replace(/^\//, "")} ` : ""}${f.message}`] : [],
      )
    : [];
  const message = typeof e.message === "string" ? e.message : `the API answered ${status}`;
  const hint = typeof e.hint === "string" ? e.hint : "";
  return [`Not posted: ${message}`, ...fields, ...(hint ? [hint] : [])].join(". ");
}
