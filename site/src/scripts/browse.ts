// Browse page enhancement: search over the packed index, facet filters with live counts, the
// installed-software filter, sorting and pages, the state mirrored into the URL so a view can be
// shared. The server renders each unfiltered page; for any other view the script fetches only
// what it needs (browse-loader.ts) and shows the server-rendered cards of the rows on the page.

import type { SearchHit } from "../../../core/search/query.js";
import {
  applyBrowse,
  type BrowseRow,
  type BrowseState,
  browseUrl,
  facetCounts,
  isFiltered,
  pageLinks,
  pageOf,
  parseState,
  softwareSpecs,
  stateFromLocation,
} from "../../../core/site/browse.js";
import { FACETS } from "../../../core/spec/facets.js";
import { BrowseLoader, StaleData } from "./browse-loader.js";

const root = document.querySelector<HTMLElement>("[data-browse]");
if (root) start(root);

function start(root: HTMLElement): void {
  const ui = elements(root);
  const loader = new BrowseLoader();
  for (const li of ui.results.querySelectorAll<HTMLElement>("li[data-row]")) loader.cards.set(Number(li.dataset.row), li);

  for (const el of root.querySelectorAll<HTMLElement>("[data-js-only]")) el.hidden = false;
  root.classList.add("is-enhanced");
  // The filter panel starts collapsed so phones see results first; beside the list there is room.
  if (window.matchMedia("(min-width: 861px)").matches) ui.panel.open = true;

  let state = stateFromLocation(location.pathname, location.search);
  /** The newest render's number: an older one that finishes later is dropped. */
  let latest = 0;
  // An unfiltered page is already rendered as it should be: fetch nothing until asked.
  const rendered = !isFiltered(state);
  syncControls(ui, state);
  if (rendered) root.dataset.view = browseUrl(state);
  else void render(false);

  let typing: number | undefined;
  ui.query.addEventListener("input", () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(() => update({ q: ui.query.value.trim() }), 120);
  });
  ui.searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(typing);
    update({ q: ui.query.value.trim() });
  });
  ui.filterForm.addEventListener("change", () => update(readFilters(ui.filterForm)));
  ui.filterForm.addEventListener("submit", (event) => event.preventDefault());
  ui.softwareForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = ui.software.value.trim();
    if (!text) return;
    const { errors } = softwareSpecs({ has: [text] });
    showSoftwareErrors(ui, errors);
    if (errors.length > 0) return;
    ui.software.value = "";
    update({ has: [...new Set([...state.has, text])].sort() });
  });
  ui.sort.addEventListener("change", () => update({ sort: parseState(`sort=${ui.sort.value}`).sort }));
  for (const button of root.querySelectorAll<HTMLButtonElement>("[data-clear]")) {
    button.addEventListener("click", () => {
      set(parseState(""));
      ui.query.focus();
    });
  }
  ui.pagination.addEventListener("click", (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>("a[data-page]");
    // Unfiltered pages are static pages: let the link load one.
    if (!link || !isFiltered(state)) return;
    event.preventDefault();
    state = { ...state, page: Number(link.dataset.page) };
    void render(true, "push");
    ui.count.scrollIntoView({ block: "start" });
  });
  window.addEventListener("popstate", () => {
    set(stateFromLocation(location.pathname, location.search), false);
  });

  function update(change: Partial<BrowseState>): void {
    set({ ...state, page: 1, ...change });
  }

  function set(next: BrowseState, writeUrl = true): void {
    state = next;
    syncControls(ui, state);
    void render(writeUrl);
  }

  async function render(writeUrl = true, history: "push" | "replace" = "replace"): Promise<void> {
    const id = ++latest;
    const view = state;
    ui.results.setAttribute("aria-busy", "true");
    try {
      const rows = await loader.rows(view.has.length > 0);
      const [hits, sorted] = await Promise.all([view.q ? loader.search(view.q) : undefined, view.sort !== "relevance" ? loader.order(view.sort) : undefined]);
      const order = applyBrowse(rows, view, hits, sorted);
      const { page, pages, items } = pageOf(order, view.page);
      const cards = await loader.cardsFor(items);
      if (id !== latest) return; // a newer view is on its way
      ui.results.replaceChildren(...cards);
      ui.noResults.hidden = order.length > 0;
      ui.count.textContent = summary(order.length, view, page, pages);
      renderPages(ui, view, page, pages);
      updateCounts(ui, rows, view, hits);
      showSoftwareErrors(ui, softwareSpecs(view).errors);
      renderChips(ui, view, (next) => set(next));
      ui.searchNote.hidden = true;
      if (writeUrl) {
        const url = browseUrl({ ...view, page });
        if (url !== `${location.pathname}${location.search}`) window.history[history === "push" ? "pushState" : "replaceState"](null, "", url);
      }
      root.dataset.view = browseUrl({ ...view, page });
    } catch (error) {
      if (id !== latest) return;
      ui.searchNote.textContent =
        error instanceof StaleData
          ? "The catalog was just updated, so search is paused: reload the page to search."
          : "Search could not load its data: reload the page to try again.";
      ui.searchNote.hidden = false;
    } finally {
      if (id === latest) ui.results.removeAttribute("aria-busy");
    }
  }
}

interface Elements {
  searchForm: HTMLFormElement;
  query: HTMLInputElement;
  softwareForm: HTMLFormElement;
  software: HTMLInputElement;
  softwareError: HTMLElement;
  pagination: HTMLElement;
  searchNote: HTMLElement;
  filterForm: HTMLFormElement;
  sort: HTMLSelectElement;
  count: HTMLElement;
  results: HTMLElement;
  noResults: HTMLElement;
  chips: HTMLElement;
  panel: HTMLDetailsElement;
  activeCount: HTMLElement;
}

function elements(root: HTMLElement): Elements {
  const get = <T extends Element>(selector: string): T => {
    const el = root.querySelector<T>(selector);
    if (!el) throw new Error(`browse page is missing ${selector}`);
    return el;
  };
  const query = get<HTMLInputElement>("#browse-q");
  return {
    searchForm: query.form as HTMLFormElement,
    query,
    softwareForm: get("#software-form"),
    software: get("#software-spec"),
    softwareError: get("#software-error"),
    pagination: get("#pagination"),
    searchNote: get("#search-note"),
    filterForm: get("#filter-form"),
    sort: get("#sort"),
    count: get("#result-count"),
    results: get("#results"),
    noResults: get("#no-results"),
    chips: get("#active-filters"),
    panel: get("#filters-panel"),
    activeCount: get("#filters-active"),
  };
}

function syncControls(ui: Elements, state: BrowseState): void {
  ui.query.value = state.q;
  ui.sort.value = state.sort;
  for (const input of ui.filterForm.querySelectorAll<HTMLInputElement>("input")) {
    if (input.type === "radio") input.checked = input.value === (state.minRating ? String(state.minRating) : "");
    else input.checked = (state.filters[input.name as (typeof FACETS)[number]] ?? []).includes(input.value);
    // Open a collapsed "Show more" list when it holds a selected value, so the selection is visible.
    const details = input.closest<HTMLDetailsElement>("details:not(#filters-panel)");
    if (details && input.checked) details.open = true;
  }
}

function readFilters(form: HTMLFormElement): Partial<BrowseState> {
  const params = new URLSearchParams();
  for (const input of form.querySelectorAll<HTMLInputElement>("input:checked")) if (input.value) params.append(input.name, input.value);
  const parsed = parseState(params);
  return { filters: parsed.filters, minRating: parsed.minRating };
}

function updateCounts(ui: Elements, rows: readonly BrowseRow[], state: BrowseState, hits: ReadonlyMap<number, SearchHit> | undefined): void {
  const counts = facetCounts(rows, state, hits);
  for (const span of ui.filterForm.querySelectorAll<HTMLElement>("[data-count]")) {
    const [facet = "", value = ""] = (span.dataset.count ?? "").split(/:(.*)/s);
    const n = facet === "rating" ? (counts.ratings.get(Number(value)) ?? 0) : (counts.facets[facet as (typeof FACETS)[number]]?.get(value) ?? 0);
    span.textContent = String(n);
    const label = span.closest("label");
    const input = label?.querySelector("input");
    label?.classList.toggle("is-empty", n === 0 && !input?.checked);
  }
}

function summary(n: number, state: BrowseState, page: number, pages: number): string {
  const noun = n === 1 ? "template" : "templates";
  const text = state.q ? `${n} ${noun} for “${state.q}”` : `${n} ${noun}`;
  return pages > 1 ? `${text}, page ${page} of ${pages}` : text;
}

function showSoftwareErrors(ui: Elements, errors: readonly string[]): void {
  ui.softwareError.textContent = errors.join(" ");
  ui.softwareError.hidden = errors.length === 0;
}

/** Page links for the current view, as Pagination.astro renders them for unfiltered pages. */
function renderPages(ui: Elements, state: BrowseState, page: number, pages: number): void {
  const list = document.createElement("ul");
  const link = (n: number, text: string, rel?: string) => {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = browseUrl({ ...state, page: n });
    a.dataset.page = String(n);
    a.textContent = text;
    if (rel) a.rel = rel;
    if (n === page && !rel) a.setAttribute("aria-current", "page");
    li.append(a);
    list.append(li);
  };
  if (page > 1) link(page - 1, "Previous", "prev");
  for (const n of pageLinks(page, pages)) {
    if (n > 0) link(n, String(n));
    else {
      const li = document.createElement("li");
      li.setAttribute("aria-hidden", "true");
      li.textContent = "…";
      list.append(li);
    }
  }
  if (page < pages) link(page + 1, "Next", "next");
  ui.pagination.replaceChildren(list);
  ui.pagination.hidden = pages < 2;
}

/** Removable chips for the active query and filters; built with DOM calls, never innerHTML. */
function renderChips(ui: Elements, state: BrowseState, set: (next: BrowseState) => void): void {
  const list = ui.chips.querySelector("ul");
  if (!list) return;
  list.replaceChildren();
  const add = (text: string, next: BrowseState) => {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `${text} ×`;
    button.setAttribute("aria-label", `Remove ${text}`);
    // The chip disappears once used, so keep keyboard focus somewhere useful.
    button.addEventListener("click", () => {
      set(next);
      ui.query.focus();
    });
    li.append(button);
    list.append(li);
  };
  if (state.q) add(`“${state.q}”`, { ...state, page: 1, q: "" });
  for (const facet of FACETS) {
    for (const value of state.filters[facet]) {
      add(`${facet}: ${value}`, { ...state, page: 1, filters: { ...state.filters, [facet]: state.filters[facet].filter((v) => v !== value) } });
    }
  }
  if (state.minRating) add(`${state.minRating}★ & up`, { ...state, page: 1, minRating: 0 });
  for (const spec of state.has) add(`software: ${spec}`, { ...state, page: 1, has: state.has.filter((s) => s !== spec) });
  const active = FACETS.reduce((n, f) => n + state.filters[f].length, 0) + (state.minRating ? 1 : 0) + state.has.length;
  ui.activeCount.textContent = active > 0 ? `${active} active` : "";
  ui.chips.hidden = !isFiltered({ ...state, sort: "relevance" });
}
