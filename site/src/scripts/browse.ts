// Browse page enhancement: search with the catalog's Lunr index, facet filters with live counts,
// sorting, and the state mirrored into the URL query so a search can be shared. The server has
// already rendered every card; this script only shows, hides and reorders them, so no markup is
// ever built from data here.

import { type LoadedIndex, loadSearchIndex } from "../../../core/search/load-packed-index.js";
import { type SearchHit, search } from "../../../core/search/query.js";
import { applyBrowse, type BrowseState, facetCounts, isFiltered, parseState, serializeState } from "../../../core/site/browse.js";
import { FACETS } from "../../../core/spec/facets.js";
import { CATALOG_PATH, SEARCH_INDEX_PATH } from "../../../core/spec/layout.js";
import type { Catalog, SearchIndex, TemplateSummary } from "../../../core/types/generated.js";

const root = document.querySelector<HTMLElement>("[data-browse]");
if (root) void start(root);

async function start(root: HTMLElement): Promise<void> {
  const { catalog, index, note } = await loadData();
  const ui = elements(root);
  const rows = catalog.templates;
  const cards = new Map<string, HTMLElement>();
  for (const li of ui.results.querySelectorAll<HTMLElement>("li[data-id]")) cards.set(li.dataset.id ?? "", li);

  for (const el of root.querySelectorAll<HTMLElement>("[data-js-only]")) el.hidden = false;
  root.classList.add("is-enhanced");
  // The filter panel starts collapsed so phones see results first; beside the list there is room.
  if (window.matchMedia("(min-width: 861px)").matches) ui.panel.open = true;
  if (note) {
    ui.searchNote.textContent = note;
    ui.searchNote.hidden = false;
  }

  let state = parseState(location.search);
  syncControls(ui, state);
  render();

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
  ui.sort.addEventListener("change", () => update({ sort: parseState(`sort=${ui.sort.value}`).sort }));
  for (const button of root.querySelectorAll<HTMLButtonElement>("[data-clear]")) {
    button.addEventListener("click", () => {
      state = parseState("");
      syncControls(ui, state);
      render();
      ui.query.focus();
    });
  }
  window.addEventListener("popstate", () => {
    state = parseState(location.search);
    syncControls(ui, state);
    render(false);
  });

  function update(change: Partial<BrowseState>): void {
    state = { ...state, ...change };
    render();
  }

  function render(writeUrl = true): void {
    const hits = index ? search(index, state.q)?.hits : undefined;
    const order = applyBrowse(rows, state, hits);
    const shown = new Set<HTMLElement>();
    for (const row of order) {
      const card = cards.get(rows[row]?.template_id ?? "");
      if (!card) continue;
      shown.add(card);
      ui.results.append(card); // appending an existing node moves it: this reorders in place
    }
    for (const card of cards.values()) card.hidden = !shown.has(card);
    ui.noResults.hidden = shown.size > 0;
    ui.count.textContent = summary(shown.size, state);
    updateCounts(ui, rows, state, hits);
    renderChips(ui, state, (next) => {
      state = next;
      syncControls(ui, state);
      render();
    });
    if (writeUrl) {
      const url = `${location.pathname}${serializeState(state)}`;
      if (url !== `${location.pathname}${location.search}`) history.replaceState(null, "", url);
    }
  }
}

interface Elements {
  searchForm: HTMLFormElement;
  query: HTMLInputElement;
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

/**
 * Fetches the same catalog and Lunr index the CLI uses. The index's refs are catalog rows, so it
 * is used only with the catalog whose hash it names (client spec §3.1); during a publish the two
 * may briefly disagree, and then filtering still works while search waits for a reload.
 */
async function loadData(): Promise<{ catalog: Catalog; index: LoadedIndex | undefined; note: string | undefined }> {
  const [catalogBytes, indexJson] = await Promise.all([
    fetch(`/${CATALOG_PATH}`).then((r) => r.arrayBuffer()),
    fetch(`/${SEARCH_INDEX_PATH}`).then((r) => r.json() as Promise<SearchIndex>),
  ]);
  const catalog = JSON.parse(new TextDecoder().decode(catalogBytes)) as Catalog;
  const digest = await sha256Hex(catalogBytes);
  if (digest !== undefined && digest !== indexJson.catalog_sha256) {
    return { catalog, index: undefined, note: "The catalog was just updated, so search is paused: reload the page to search." };
  }
  try {
    return { catalog, index: loadSearchIndex(indexJson), note: undefined };
  } catch {
    return { catalog, index: undefined, note: "This page's search does not understand the catalog's newer index format: reload the page to search." };
  }
}

async function sha256Hex(bytes: ArrayBuffer): Promise<string | undefined> {
  if (!globalThis.crypto?.subtle) return undefined; // not a secure context: nothing to check with
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
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

function updateCounts(ui: Elements, rows: readonly TemplateSummary[], state: BrowseState, hits: ReadonlyMap<number, SearchHit> | undefined): void {
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

function summary(n: number, state: BrowseState): string {
  const noun = n === 1 ? "template" : "templates";
  return state.q ? `${n} ${noun} for “${state.q}”` : `${n} ${noun}`;
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
  if (state.q) add(`“${state.q}”`, { ...state, q: "" });
  for (const facet of FACETS) {
    for (const value of state.filters[facet]) {
      add(`${facet}: ${value}`, { ...state, filters: { ...state.filters, [facet]: state.filters[facet].filter((v) => v !== value) } });
    }
  }
  if (state.minRating) add(`${state.minRating}★ & up`, { ...state, minRating: 0 });
  const active = FACETS.reduce((n, f) => n + state.filters[f].length, 0) + (state.minRating ? 1 : 0);
  ui.activeCount.textContent = active > 0 ? `${active} active` : "";
  ui.chips.hidden = !isFiltered({ ...state, sort: "relevance" });
}
