import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { TABLES, type TableKey } from "../../core/community/tables.js";

const ROOT = resolve(import.meta.dirname, "../..");

/** Each table's one store; the usage store owns the four usage tables. */
const OWNER: Record<TableKey, string> = {
  communityTemplates: "core/community/catalog-store.ts",
  templateReviews: "core/community/review-store.ts",
  communityReports: "core/community/report-store.ts",
  userPublications: "core/community/publication-store.ts",
  usageAnalytics: "core/community/usage-store.ts",
  usageDaily: "core/community/usage-store.ts",
  userUsage: "core/community/usage-store.ts",
  userDailyUsage: "core/community/usage-store.ts",
};

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const FILES = [...sources("core"), ...sources("scripts"), ...sources("cli/src")].map((file) => ({ file, text: readFileSync(join(ROOT, file), "utf8") }));

describe("one store per community table", () => {
  it("names every table's key only in its store (and the table definitions)", () => {
    expect(Object.keys(OWNER).sort()).toEqual(Object.keys(TABLES).sort());
    for (const key of Object.keys(TABLES) as TableKey[]) {
      const users = FILES.filter(({ file, text }) => file !== "core/community/tables.ts" && text.includes(`"${key}"`)).map(({ file }) => file);
      expect(users, key).toEqual([OWNER[key]]);
    }
  });

  it("sends DynamoDB document commands only from core/community's stores", () => {
    const senders = FILES.filter(({ text }) => text.includes("@aws-sdk/lib-dynamodb")).map(({ file }) => file);
    expect(senders.length).toBeGreaterThan(0);
    expect(senders.filter((f) => !/^core\/community\/([a-z-]+-store|store|table-access)\.ts$/.test(f))).toEqual([]);
  });
});
