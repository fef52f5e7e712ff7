import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderMarkdown } from "../../core/site/markdown.js";
import { type ReadmeSource, readmeOptions, readmeRendererId, renderReadmes } from "../../core/site/readme-html.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cws-readme-cache-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sources: ReadmeSource[] = [
  { id: "alpha", name: "Alpha", markdown: "# Alpha\n\nSome **bold** text and ![shot](shot.png).\n\n## Usage\n\n- one\n- two\n" },
  { id: "beta", name: "Beta", markdown: 'Raw <script>alert(1)</script> and <img src=x onerror="alert(2)"> [x](javascript:alert(3))\n' },
  { id: "empty", name: "Empty", markdown: "" },
];

const fresh = (s: ReadmeSource) => (s.markdown.trim() ? renderMarkdown(s.markdown, readmeOptions(s.id, s.name)) : "");
const cacheFile = () => join(dir, "readme-html.json");
type CacheFile = { renderer: string; entries: Record<string, [string, string]> };
const readCacheFile = () => JSON.parse(readFileSync(cacheFile(), "utf8")) as CacheFile;

describe("README HTML cache", () => {
  it("serves from the cache exactly what a fresh render gives", () => {
    const first = renderReadmes(sources, dir);
    expect([first.hits, first.misses]).toEqual([0, 2]);
    const second = renderReadmes(sources, dir);
    expect([second.hits, second.misses]).toEqual([2, 0]);
    for (const s of sources) expect(second.html.get(s.id), s.id).toBe(fresh(s));
    expect(second.html).toEqual(renderReadmes(sources).html);
  });

  it("re-renders a README whose Markdown changed, and only that one", () => {
    renderReadmes(sources, dir);
    const changed = sources.map((s) => (s.id === "alpha" ? { ...s, markdown: `${s.markdown}\nA new paragraph.\n` } : s));
    const again = renderReadmes(changed, dir);
    expect([again.hits, again.misses]).toEqual([1, 1]);
    expect(again.html.get("alpha")).toContain("A new paragraph.");
    expect(again.html.get("alpha")).toBe(fresh(changed[0] as ReadmeSource));
  });

  it("ignores the whole cache when the renderer changed", () => {
    renderReadmes(sources, dir);
    const file = readCacheFile();
    writeFileSync(cacheFile(), JSON.stringify({ ...file, renderer: `${file.renderer} older` }));
    expect(renderReadmes(sources, dir).misses).toBe(2);
  });

  it("stores only sanitised output, never the README's raw HTML", () => {
    renderReadmes(sources, dir);
    const text = readFileSync(cacheFile(), "utf8");
    expect(text).not.toMatch(/<script|onerror|javascript:/i);
    expect(Object.values(readCacheFile().entries).map(([html]) => html)).toEqual(expect.arrayContaining([fresh(sources[1] as ReadmeSource)]));
  });

  it("ignores an entry whose digest does not match its HTML (a poisoned or damaged cache)", () => {
    renderReadmes(sources, dir);
    const file = readCacheFile();
    for (const entry of Object.values(file.entries)) entry[0] = "<script>alert('cached')</script>";
    writeFileSync(cacheFile(), JSON.stringify(file));
    const again = renderReadmes(sources, dir);
    expect([again.hits, again.misses]).toEqual([0, 2]);
    for (const s of sources) expect(again.html.get(s.id)).toBe(fresh(s));
    expect(readFileSync(cacheFile(), "utf8")).not.toContain("<script");
  });

  it("renders afresh over a cache file that is not JSON", () => {
    writeFileSync(cacheFile(), "{not json");
    const out = renderReadmes(sources, dir);
    expect(out.misses).toBe(2);
    expect(out.html.get("alpha")).toBe(fresh(sources[0] as ReadmeSource));
  });
});

describe("README renderer identity", () => {
  it("hashes the markdown pipeline's sources and library versions, so a code change keys a new cache", () => {
    const id = readmeRendererId();
    expect(id).toMatch(/^readme-html\/1 [0-9a-f]{16} unified@\d/);
    expect(id).not.toContain("@?");
    expect(readmeRendererId()).toBe(id);
  });
});
