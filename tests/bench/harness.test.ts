import { describe, expect, it } from "vitest";
import { parseOptions } from "../../bench/lib/options.js";
import { formatValue, met, type Row } from "../../bench/lib/row.js";
import { median, percentile, summarize } from "../../bench/lib/stats.js";
import { formatMarkdown, formatTable } from "../../bench/lib/table.js";
import { targetFor } from "../../bench/lib/targets.js";

describe("benchmark statistics", () => {
  it("takes the median of odd and even counts without reordering the input", () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow();
  });

  it("takes percentiles by nearest rank", () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
    expect(
      percentile(
        Array.from({ length: 2000 }, (_, i) => i + 1),
        99,
      ),
    ).toBe(1980);
    expect(percentile([10, 20], 50)).toBe(10);
    expect(() => percentile([], 50)).toThrow();
    expect(() => percentile([1], 101)).toThrow();
  });

  it("summarises samples with median, min, max and the samples themselves", () => {
    expect(summarize([30, 10, 20, 50, 40])).toEqual({ median: 30, min: 10, max: 50, runs: 5, samples: [30, 10, 20, 50, 40] });
  });
});

describe("benchmark table", () => {
  const rows: Row[] = [
    { section: "validate", id: "validate.ms", label: "validate", size: 10_000, unit: "ms", value: 850, target: targetFor("validate.ms", 10_000) },
    { section: "build", id: "build.ms", label: "build --no-site", size: 10_000, unit: "ms", value: 21_700, target: targetFor("build.ms", 10_000) },
    { section: "build", id: "index.search.brotli", label: "search index: brotli-11", size: 1000, unit: "bytes", value: 123_456 },
    { section: "site", id: "site.ms", label: "build with site", size: 50_000, unit: "ms", note: "skipped (size > --site-max)" },
  ];

  it("prints case, size, median, target and ✔/✖, aligned", () => {
    const lines = formatTable(rows).split("\n");
    expect(lines[0]).toMatch(/^case\s+size\s+median\s+target\s+met\?\s+note$/);
    expect(lines[2]).toMatch(/^validate\s+10,000\s+850 ms\s+≤ 1.00 s\s+✔$/);
    expect(lines[3]).toMatch(/^build --no-site\s+10,000\s+21\.70 s\s+≤ 5\.00 s\s+✖$/);
    expect(lines[4]).toMatch(/^search index: brotli-11\s+1,000\s+123\.5 kB\s+—$/);
    expect(lines[5]).toMatch(/^build with site\s+50,000\s+—\s+—\s+skipped \(size > --site-max\)$/);
    // Right-aligned numbers: every value ends in the same column as the "median" header.
    const end = (lines[0] ?? "").indexOf("median") + "median".length;
    const width = Math.max(...rows.map((r) => (r.value === undefined ? 1 : formatValue(r.value, r.unit).length)));
    for (const line of lines.slice(2)) expect(line.slice(end - width, end).trim().length).toBeGreaterThan(0);
  });

  it("prints the same rows as Markdown", () => {
    const md = formatMarkdown(rows).split("\n");
    expect(md[0]).toBe("| case | size | median | target | met? | note |");
    expect(md[2]).toBe("| validate | 10,000 | 850 ms | ≤ 1.00 s | ✔ |  |");
    expect(md).toHaveLength(rows.length + 2);
  });

  it("knows which targets are met and formats units", () => {
    expect(rows.map(met)).toEqual([true, false, undefined, undefined]);
    expect(formatValue(1_500_000, "bytes")).toBe("1.50 MB");
    expect(formatValue(0.4219, "ratio")).toBe("0.42×");
    expect(formatValue(1234.5, "per-second")).toBe("1,235/s");
    expect(targetFor("search.warm_vs_floor", 1000)).toEqual({ op: "<=", limit: 2.5, unit: "ratio" });
    expect(targetFor("search.warm_vs_floor", 10_000)).toBeUndefined();
  });
});

describe("benchmark options", () => {
  it("parses sizes, runs and sections, and refuses unknown sections", () => {
    const o = parseOptions(["--sizes", "10000,1_000", "--runs", "3", "--only", "search,build"]);
    expect(o.sizes).toEqual([1000, 10_000]);
    expect(o.runs).toBe(3);
    expect([...o.only].sort()).toEqual(["build", "search"]);
    expect(parseOptions([]).runs).toBe(5);
    expect(() => parseOptions(["--only", "serach"])).toThrow(/unknown section "serach"/);
    expect(() => parseOptions(["--runs", "0"])).toThrow(/--runs/);
  });
});
