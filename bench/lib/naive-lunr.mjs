// The "naive Lunr" reference the issue compares search to: a one-shot process that reads a full
// serialized Lunr index, JSON.parse()s it, lunr.Index.load()s it and runs one query.
//
//   node naive-lunr.mjs prepare <search-index.json> <catalog.json> <out.json>   (unmeasured) write the reference index
//   node naive-lunr.mjs query <index.json> <term>   (measured) the one-shot search
//
// prepare copies the tree's search index when it is a full Lunr index (the format
// docs/client-spec.md §3 first specified); otherwise it builds one from the tree's catalog with
// the spec's fields and boosts (§3.1), so the reference exists whatever format the tree uses.
// The caller passes both paths (core/spec/layout.ts), since a plain .mjs cannot import the spec.
import { readFileSync, writeFileSync } from "node:fs";
import lunr from "lunr";

const [mode, a, b, c] = process.argv.slice(2);

if (mode === "prepare") {
  const raw = readFileSync(a, "utf8");
  const parsed = JSON.parse(raw);
  const full = isFullIndex(parsed) || isFullIndex(parsed?.index);
  if (full) writeFileSync(c, raw);
  else writeFileSync(c, JSON.stringify({ index: buildFromCatalog(b) }));
  process.stdout.write(`${JSON.stringify({ source: full ? "tree" : "catalog", format: parsed?.format ?? "lunr" })}\n`);
} else if (mode === "query") {
  const parsed = JSON.parse(readFileSync(a, "utf8"));
  const index = lunr.Index.load(parsed.index ?? parsed);
  // The CLI's semantics for one word (core/search/query.ts): exact, then prefix and one edit
  // for words of four letters or more, unstemmed.
  const hits = index.query((q) => {
    q.term(b, { boost: 10 });
    if (b.length >= 4) {
      q.term(b, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 5 });
      q.term(b, { usePipeline: false, editDistance: 1, boost: 1 });
    }
  });
  process.stdout.write(`${hits.length}\n`);
} else {
  process.stderr.write("usage: naive-lunr.mjs prepare <search-index.json> <catalog.json> <out.json> | query <index.json> <term>\n");
  process.exitCode = 2;
}

function isFullIndex(value) {
  return Boolean(value && typeof value === "object" && value.invertedIndex && value.fieldVectors);
}

function buildFromCatalog(path) {
  const { templates } = JSON.parse(readFileSync(path, "utf8"));
  return lunr(function build() {
    this.ref("ref");
    this.field("name", { boost: 10 });
    this.field("tags", { boost: 5 });
    this.field("description", { boost: 2 });
    this.field("author");
    this.field("category");
    templates.forEach((t, i) => {
      this.add({
        ref: String(i),
        name: t.name,
        tags: t.tags.map((tag) => `${tag} ${tag.replace(/-/g, " ")}`).join(" "),
        description: t.description,
        author: t.author,
        category: `${t.category} ${t.category.replace(/-/g, " ")}`,
      });
    });
  }).toJSON();
}
