// Template page enhancement: after the static HTML (the build's ratings and reviews, dated), ask
// the live API for the current ones and show them instead, saying so; where the tree's discovery
// document lets browsers identify (npm start), reveal the review form. Every user-written string
// is set with textContent: no markup is ever built from API data.

import { apiErrorText, fallbackReviewsNote, LIVE_REVIEWS_NOTE, paragraphs } from "../../../core/site/live-reviews.js";
import { formatDate, formatRating, histogram, plural } from "../../../core/site/view.js";
import { apiPath } from "../../../core/spec/layout.js";
import { DEV_USER_HEADER, liveReviewsEndpoint, parseLiveReviews, reviewsPostEndpoint } from "../../../core/spec/live-reviews.js";
import type { CommunityReview, ReviewList } from "../../../core/types/generated.js";

const TIMEOUT_MS = 8000;

const section = document.querySelector<HTMLElement>("[data-live-reviews]");
if (section) void start(section);

async function start(section: HTMLElement): Promise<void> {
  const id = section.dataset.liveReviews ?? "";
  const built = section.dataset.built ?? "";
  const live = await refresh(section, id);
  setNote(section, live ? "live" : "fallback", built);
  const form = section.querySelector<HTMLFormElement>("[data-review-form]");
  // A form is offered only when the live API answered: otherwise it could not be submitted.
  if (form && live) wireForm(form, section, id, built);
}

/** Loads the live reviews and shows them; false (and the page untouched) when the API did not answer in its shape. */
async function refresh(section: HTMLElement, id: string): Promise<boolean> {
  let list: ReviewList | undefined;
  try {
    const res = await fetch(apiPath(liveReviewsEndpoint(id)), {
      headers: { accept: "application/json" },
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    list = res.ok ? parseLiveReviews(await res.json(), id) : undefined;
  } catch {
    list = undefined;
  }
  if (!list) return false;
  show(section, list);
  return true;
}

function setNote(section: HTMLElement, source: "live" | "fallback", built: string): void {
  const note = section.querySelector<HTMLElement>("#reviews-source");
  if (!note) return;
  note.dataset.source = source === "live" ? "live" : "build";
  note.textContent = source === "live" ? LIVE_REVIEWS_NOTE : fallbackReviewsNote(built);
}

function show(section: HTMLElement, list: ReviewList): void {
  const text = (selector: string, value: string) => {
    const el = section.querySelector<HTMLElement>(selector);
    if (el) el.textContent = value;
  };
  text("[data-live-rating]", list.total > 0 ? formatRating(list.rating) : "–");
  text("[data-live-total]", plural(list.total, "review"));
  for (const row of histogram(list.rating_histogram)) {
    const li = section.querySelector<HTMLElement>(`[data-live-stars="${row.stars}"]`);
    if (!li) continue;
    const count = li.querySelector<HTMLElement>("[data-live-count]");
    const share = li.querySelector<HTMLElement>("[data-live-share]");
    if (count) count.textContent = String(row.count);
    if (share) share.textContent = `reviews (${row.percent}%)`;
    li.querySelector("rect.fill")?.setAttribute("width", String(row.percent > 0 ? Math.max(row.percent, 2) : 0));
  }
  const star = section.querySelector(".rating-big svg");
  const byline = document.querySelector<HTMLElement>("[data-live-byline]");
  if (byline) byline.replaceChildren(ratingBadge(list, star));
  const holder = section.querySelector<HTMLElement>("[data-live-list]");
  if (holder) holder.replaceChildren(reviewList(list, star));
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The byline's rating, as Rating.astro renders it. */
function ratingBadge(list: ReviewList, star: Element | null): HTMLElement {
  if (list.total === 0) return el("span", "rating muted", "No reviews yet");
  const badge = el("span", "rating");
  if (star) badge.append(star.cloneNode(true));
  const value = el("strong", undefined, formatRating(list.rating));
  const count = el("span", undefined, `(${list.total})`);
  value.setAttribute("aria-hidden", "true");
  count.setAttribute("aria-hidden", "true");
  badge.append(el("span", "sr-only", `Rated ${formatRating(list.rating)} out of 5 from ${plural(list.total, "review")}`), value, count);
  return badge;
}

function reviewList(list: ReviewList, star: Element | null): HTMLElement {
  if (list.reviews.length === 0) return el("p", "empty", list.total > 0 ? "No written reviews to show yet." : "No reviews yet.");
  const ol = el("ol", "reviews");
  for (const review of list.reviews) {
    const li = el("li");
    li.append(reviewCard(review, star));
    ol.append(li);
  }
  return ol;
}

function reviewCard(review: CommunityReview, star: Element | null): HTMLElement {
  const article = el("article", "review");
  article.dataset.reviewer = review.reviewer;
  const header = el("header");
  const rating = el("span", "rating");
  if (star) rating.append(star.cloneNode(true));
  rating.append(el("strong", undefined, formatRating(review.rating)), el("span", "sr-only", "out of 5"));
  header.append(el("h3", undefined, review.title), rating);

  const meta = el("div", "review-meta");
  meta.append(el("span", undefined, `by ${review.reviewer}`));
  const time = el("time", undefined, formatDate(review.created_at));
  time.dateTime = review.created_at;
  meta.append(time);
  if (review.template_version) meta.append(el("span", undefined, `v${review.template_version}`));
  if (review.use_case) meta.append(el("span", undefined, `for ${review.use_case.replace(/-/g, " ")}`));
  if (review.verified_usage) meta.append(el("span", "badge ok", "Verified launch"));
  if (review.helpful_votes > 0) meta.append(el("span", undefined, `${review.helpful_votes} found this helpful`));

  const body = el("div", "prose review-text");
  for (const p of paragraphs(review.content)) body.append(el("p", undefined, p));
  article.append(header, meta, body);
  if (review.reply) {
    const reply = el("div", "review-reply");
    reply.append(el("strong", undefined, `Reply from ${review.reply.author} (publisher)`));
    for (const p of paragraphs(review.reply.content)) reply.append(el("p", undefined, p));
    article.append(reply);
  }
  return article;
}

function wireForm(form: HTMLFormElement, section: HTMLElement, id: string, built: string): void {
  const status = form.querySelector<HTMLElement>("#review-form-status");
  const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
  const say = (text: string, kind: "ok" | "error" | "") => {
    if (!status) return;
    status.textContent = text;
    status.dataset.kind = kind;
  };
  form.hidden = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const field = (name: string) => String(data.get(name) ?? "").trim();
    const reviewer = field("reviewer");
    const body = { rating: Number(field("rating")), title: field("title"), content: field("content") };
    const missing = [!reviewer && "your handle", !body.title && "a title", !body.content && "the review"].filter(Boolean);
    if (missing.length > 0) {
      say(`Not posted: add ${missing.join(", ")}.`, "error");
      return;
    }
    if (button) button.disabled = true;
    say("Posting…", "");
    try {
      const res = await fetch(apiPath(reviewsPostEndpoint(id)), {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", [DEV_USER_HEADER]: reviewer },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (res.status !== 201) {
        say(apiErrorText(res.status, await res.json().catch(() => undefined)), "error");
        return;
      }
      const live = await refresh(section, id);
      setNote(section, live ? "live" : "fallback", built);
      for (const input of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("#review-title, #review-content")) input.value = "";
      say("Posted: your review is live.", "ok");
    } catch {
      say("Not posted: the marketplace API did not answer. Try again.", "error");
    } finally {
      if (button) button.disabled = false;
    }
  });
}
