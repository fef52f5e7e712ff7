import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BuildInput } from "../../core/build/inputs.js";
import type { Categories, Featured, Template } from "../../core/types/generated.js";
import { ROOT } from "./run.js";

/** Build input from the seeded registry, without git, stats or AMIs: the pure build's baseline. */
export function seededInput(overrides: Partial<BuildInput> = {}): BuildInput {
  const dir = join(ROOT, "registry");
  const ids = readdirSync(join(dir, "templates")).sort();
  const templates = ids.map((id) => JSON.parse(readFileSync(join(dir, "templates", id, "template.json"), "utf8")) as Template);
  return {
    templates,
    docs: new Map(ids.map((id) => [id, readFileSync(join(dir, "templates", id, "README.md"), "utf8")])),
    screenshots: new Map(),
    history: new Map(),
    stats: new Map(),
    reviews: new Map(),
    amiState: { version: 1, templates: {} },
    categories: JSON.parse(readFileSync(join(dir, "categories.json"), "utf8")) as Categories,
    featured: JSON.parse(readFileSync(join(dir, "featured.json"), "utf8")) as Featured,
    generatedAt: "2026-11-01T00:00:00Z",
    ...overrides,
  };
}

export function json<T>(files: ReadonlyMap<string, Uint8Array>, path: string): T {
  const bytes = files.get(path);
  if (!bytes) throw new Error(`${path} not in tree`);
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}
