import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { countWords, DESCRIPTION_MAX_CHARS } from "../../bench/corpus/description.js";
import { editTemplate } from "../../bench/corpus/edit.js";
import { generateCorpus, writeCorpus } from "../../bench/corpus/generate.js";
import { IdRegistry } from "../../bench/corpus/ids.js";
import { buildVocabulary, Pool, VOCABULARY_SIZE } from "../../bench/corpus/vocabulary.js";
import { Rng } from "../../bench/lib/prng.js";
import type { Template } from "../../core/types/generated.js";
import { validateRegistryDir } from "../../core/validate/validate-dir.js";

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe("benchmark corpus generator", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const a = generateCorpus(60, 7);
    const b = generateCorpus(60, 7);
    const c = generateCorpus(60, 8);
    expect(JSON.stringify(a.templates)).toBe(JSON.stringify(b.templates));
    expect(a.featured).toEqual(b.featured);
    expect(JSON.stringify(c.templates)).not.toBe(JSON.stringify(a.templates));
  });

  it("draws about 5,000 vocabulary terms with Zipf frequencies", () => {
    const vocabulary = buildVocabulary(1);
    expect(vocabulary.terms).toHaveLength(VOCABULARY_SIZE);
    expect(new Set(vocabulary.terms.map((t) => t.word)).size).toBe(VOCABULARY_SIZE);
    for (const t of vocabulary.terms) expect(t.word).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

    const pool = new Pool(vocabulary.terms);
    const rng = new Rng(3);
    const counts = new Map<string, number>();
    for (let i = 0; i < 200_000; i++) {
      const word = pool.draw(rng);
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    const at = (rank: number) => counts.get(vocabulary.terms[rank - 1]?.word ?? "") ?? 0;
    // Zipf with s = 1: frequency × rank is constant, so rank 1 is drawn about twice as often as rank 2, ten times rank 10.
    expect(at(1) / at(2)).toBeGreaterThan(1.7);
    expect(at(1) / at(2)).toBeLessThan(2.3);
    expect(at(1) / at(10)).toBeGreaterThan(8);
    expect(at(1) / at(10)).toBeLessThan(12.5);
    // Log-log slope of frequency against rank over the first 100 ranks is close to -1.
    const points = Array.from({ length: 100 }, (_, i) => [Math.log(i + 1), Math.log(Math.max(1, at(i + 1)))] as const);
    const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
    const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
    const slope = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
    expect(slope).toBeGreaterThan(-1.2);
    expect(slope).toBeLessThan(-0.8);
  });

  it("uses a heavy-tailed vocabulary in the generated text and picks its most frequent word as the search term", () => {
    const corpus = generateCorpus(400, 1);
    const [top, tenth, hundredth] = [corpus.termCounts[0], corpus.termCounts[9], corpus.termCounts[99]];
    expect(corpus.commonTerm).toBe(top?.[0]);
    expect(corpus.commonTerm).toMatch(/^[a-z0-9]+$/);
    expect((top?.[1] ?? 0) / (tenth?.[1] ?? 1)).toBeGreaterThan(2);
    expect((top?.[1] ?? 0) / (hundredth?.[1] ?? 1)).toBeGreaterThan(10);
  });

  it("generates templates that validate with zero errors and zero warnings, before and after a release edit", async () => {
    const corpus = generateCorpus(300, 1);
    const dir = mkdtempSync(join(tmpdir(), "cws-bench-corpus-"));
    temps.push(dir);
    writeCorpus(corpus, dir);
    const ids = corpus.templates.map((g) => g.template.template_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { template: t } of corpus.templates) {
      expect(countWords(t.description)).toBeGreaterThanOrEqual(30);
      expect(countWords(t.description)).toBeLessThanOrEqual(60);
      expect(t.description.length).toBeLessThanOrEqual(DESCRIPTION_MAX_CHARS);
      expect(t.tags.length).toBeGreaterThanOrEqual(3);
      expect(t.tags.length).toBeLessThanOrEqual(8);
    }
    const first = join(dir, "templates", ids[0] ?? "", "template.json");
    const before = JSON.parse(readFileSync(first, "utf8")) as Template;
    const after = editTemplate(before);
    expect(after.version).not.toBe(before.version);
    expect(after.changelog?.[0]?.version).toBe(after.version);
    expect(after.description).not.toBe(before.description);
    writeFileSync(first, JSON.stringify(after, null, 2));

    const report = await validateRegistryDir(dir);
    expect(report.templates).toBe(300);
    expect(report.diagnostics.map((d) => `${d.code} ${d.file} ${d.message}`)).toEqual([]);
  });

  it("refuses ids one edit away from a taken one, or equal once separators are ignored", () => {
    const ids = new IdRegistry();
    expect(ids.claim("genomics-gatk-gpu")).toBe(true);
    expect(ids.claim("genomics-gatk-gpu")).toBe(false);
    expect(ids.claim("genomics-gatk-gpus")).toBe(false);
    expect(ids.claim("genomicsgatk-gpu")).toBe(false);
    expect(ids.claim("genomics-gatk-cpu")).toBe(false);
    expect(ids.claim("genomics-gatk-lab")).toBe(true);
    expect(ids.claim("Not-Valid")).toBe(false);
  });
});
