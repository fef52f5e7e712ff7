import { describe, expect, it } from "vitest";
import { CACHE, CLASSIFY_RULES_VERSION, classifyKey, TIERS } from "../../core/deploy/classify.js";
import { formatBytes, progressReporter } from "../../core/deploy/format.js";
import { type LocalObject, planPublish, type RemoteObject } from "../../core/deploy/plan.js";
import { runPool } from "../../core/deploy/pool.js";
import { type PublishState, parseState, serializeState } from "../../core/deploy/state.js";
import { CwsError } from "../../core/errors.js";

const HASH = "a".repeat(64);
const NOW = new Date("2025-06-10T00:00:00Z");
const DAY = 86_400_000;

describe("classifyKey", () => {
  it.each([
    [`templates/x/${HASH}.metadata.json`, "application/json", CACHE.immutable, TIERS.hashedTargets],
    [`${HASH}.index.html`, "text/html; charset=utf-8", CACHE.immutable, TIERS.hashedTargets],
    ["metadata/1.root.json", "application/json", CACHE.immutable, TIERS.versionedMetadata],
    ["metadata/1717000000.targets.json", "application/json", CACHE.immutable, TIERS.versionedMetadata],
    ["metadata/1717000000.snapshot.json", "application/json", CACHE.immutable, TIERS.snapshot],
    // Hash bins (delegated targets roles) are versioned metadata like targets.json.
    ["metadata/1717000000.bins-0.json", "application/json", CACHE.immutable, TIERS.versionedMetadata],
    ["metadata/1716000000.bins-3ff.json", "application/json", CACHE.immutable, TIERS.versionedMetadata],
    ["metadata/root.json", "application/json", "public, max-age=300", TIERS.mutable],
    ["metadata/timestamp.json", "application/json", "public, max-age=60", TIERS.timestamp],
    ["templates/x/documentation.md", "text/markdown; charset=utf-8", "public, max-age=300", TIERS.mutable],
    ["templates/x/screenshots/a.PNG", "image/png", "public, max-age=300", TIERS.mutable],
    ["browse/index.html", "text/html; charset=utf-8", "public, max-age=60, must-revalidate", TIERS.mutable],
    ["sitemap.xml", "application/xml; charset=utf-8", "public, max-age=300", TIERS.mutable],
    ["assets/site.css", "text/css; charset=utf-8", "public, max-age=300", TIERS.mutable],
    ["assets/app.js", "text/javascript; charset=utf-8", "public, max-age=300", TIERS.mutable],
    ["assets/logo.svg", "image/svg+xml; charset=utf-8", "public, max-age=300", TIERS.mutable],
    ["robots.txt", "text/plain; charset=utf-8", "public, max-age=300", TIERS.mutable],
    ["a/photo.jpeg", "image/jpeg", "public, max-age=300", TIERS.mutable],
    ["favicon.ico", "image/x-icon", "public, max-age=300", TIERS.mutable],
    ["a/b.webp", "image/webp", "public, max-age=300", TIERS.mutable],
    ["LICENSE", "application/octet-stream", "public, max-age=300", TIERS.mutable],
    [`short${"a".repeat(10)}.json`, "application/json", "public, max-age=300", TIERS.mutable],
  ])("%s", (key, contentType, cacheControl, tier) => {
    expect(classifyKey(key)).toEqual({ contentType, cacheControl, tier });
  });
});

const local = (key: string, md5 = "0".repeat(32), size = 10): LocalObject => ({ key, md5, size });
const remote = (key: string, md5 = "0".repeat(32), size = 10): RemoteObject => ({ key, etag: `"${md5}"`, size });
const state = (stale: PublishState["stale"] = {}, rules = CLASSIFY_RULES_VERSION): PublishState => ({ format: 1, rules, updated_at: "", stale });

describe("planPublish", () => {
  it("orders uploads by tier and skips objects whose ETag matches the local MD5", () => {
    const plan = planPublish({
      local: [
        local("metadata/timestamp.json", "1".repeat(32)),
        local("index.html"),
        local(`x/${HASH}.a.json`),
        local("metadata/5.snapshot.json"),
        local("metadata/5.targets.json"),
      ],
      remote: [remote("index.html"), remote("metadata/timestamp.json")],
      state: state(),
      now: NOW,
      graceDays: 7,
    });
    expect(plan.uploads.map((u) => [u.key, u.reason])).toEqual([
      [`x/${HASH}.a.json`, "new"],
      ["metadata/5.targets.json", "new"],
      ["metadata/5.snapshot.json", "new"],
      ["metadata/timestamp.json", "changed"],
    ]);
    expect(plan.totals).toMatchObject({ uploadCount: 4, uploadBytes: 40, unchangedCount: 1, unchangedBytes: 10 });
    expect(plan.invalidationPaths).toEqual(["/metadata/timestamp.json"]);
  });

  it("uploads new bins with the targets metadata, before the snapshot that names them, and never overwrites one", () => {
    const plan = planPublish({
      local: [
        local("metadata/7.snapshot.json"),
        local("metadata/7.bins-1.json"),
        local("metadata/7.targets.json"),
        local("metadata/5.bins-0.json"),
        local("metadata/timestamp.json"),
      ],
      // bins-0 is kept from release 5 with the same bytes, so it is not uploaded again.
      remote: [remote("metadata/5.bins-0.json"), remote("metadata/5.bins-1.json"), remote("metadata/5.snapshot.json")],
      state: state(),
      now: NOW,
      graceDays: 7,
    });
    expect(plan.uploads.map((u) => u.key)).toEqual([
      "metadata/7.bins-1.json",
      "metadata/7.targets.json",
      "metadata/7.snapshot.json",
      "metadata/timestamp.json",
    ]);
    expect(plan.kept.map((k) => k.key)).toEqual(["metadata/5.bins-1.json", "metadata/5.snapshot.json"]);
    expect(plan.invalidationPaths).toEqual(["/metadata/timestamp.json"]);
    const overwrite = () =>
      planPublish({
        local: [local("metadata/5.bins-0.json", "1".repeat(32))],
        remote: [remote("metadata/5.bins-0.json")],
        state: state(),
        now: NOW,
        graceDays: 7,
      });
    expect(overwrite).toThrow(/metadata\/5\.bins-0\.json is already published with different content/);
  });

  it("treats a multipart ETag as changed and re-uploads everything when the header rules changed", () => {
    const multipart = planPublish({
      local: [local("a.json")],
      remote: [{ key: "a.json", etag: `"${"0".repeat(32)}-2"`, size: 10 }],
      state: state(),
      now: NOW,
      graceDays: 7,
    });
    expect(multipart.uploads.map((u) => u.reason)).toEqual(["changed"]);
    const oldRules = planPublish({ local: [local("a.json")], remote: [remote("a.json")], state: state({}, 0), now: NOW, graceDays: 7 });
    expect(oldRules.uploads.map((u) => u.reason)).toEqual(["headers"]);
    const noState = planPublish({ local: [local("a.json")], remote: [remote("a.json")], state: undefined, now: NOW, graceDays: 7 });
    expect(noState.uploads.map((u) => u.reason)).toEqual(["headers"]);
  });

  it("stales, keeps, deletes and un-stales by the grace period", () => {
    const since = new Date(NOW.getTime() - 7 * DAY).toISOString();
    const recent = new Date(NOW.getTime() - 7 * DAY + 1).toISOString();
    const plan = planPublish({
      local: [local("back.json")],
      remote: [remote("back.json"), remote("old.json"), remote("recent.json"), remote("new-stale.json")],
      state: state({
        "back.json": { stale_since: since },
        "old.json": { stale_since: since },
        "recent.json": { stale_since: recent },
        "gone.json": { stale_since: since },
      }),
      now: NOW,
      graceDays: 7,
    });
    expect(plan.deletes.map((d) => d.key)).toEqual(["old.json"]);
    expect(plan.kept.map((k) => [k.key, k.deleteAfter])).toEqual([
      ["new-stale.json", new Date(NOW.getTime() + 7 * DAY).toISOString()],
      ["recent.json", new Date(NOW.getTime() + 1).toISOString()],
    ]);
    expect(plan.nextState.stale).toEqual({ "new-stale.json": { stale_since: NOW.toISOString() }, "recent.json": { stale_since: recent } });
    expect(plan.writeState).toBe(true);
    expect(plan.invalidationPaths).toEqual([]);
  });

  it("deletes at once with a grace of 0 days, but never an old root version", () => {
    const plan = planPublish({
      local: [],
      remote: [remote("x.json"), remote("metadata/1.root.json"), remote("_publish/state.json")],
      state: state(),
      now: NOW,
      graceDays: 0,
    });
    expect(plan.deletes.map((d) => d.key)).toEqual(["x.json"]);
    expect(plan.retained).toEqual(["metadata/1.root.json"]);
    expect(plan.nextState.stale).toEqual({});
  });

  it("does not ask to rewrite an unchanged state", () => {
    const first = planPublish({ local: [local("a.json")], remote: [remote("a.json"), remote("b.json")], state: state(), now: NOW, graceDays: 7 });
    expect(first.writeState).toBe(true);
    const second = planPublish({
      local: [local("a.json")],
      remote: [remote("a.json"), remote("b.json")],
      state: first.nextState,
      now: new Date(NOW.getTime() + DAY),
      graceDays: 7,
    });
    expect(second.writeState).toBe(false);
  });
});

describe("publish state", () => {
  it("round-trips and rejects malformed state with a hint", () => {
    const s = state({ "a.json": { stale_since: NOW.toISOString() } });
    expect(parseState(serializeState(s), "s3://b/_publish/state.json")).toEqual(s);
    for (const bad of ["{", "[]", '{"format":2,"rules":1,"stale":{}}', '{"format":1,"rules":1,"stale":{"a":{"stale_since":"yesterday"}}}']) {
      const error = (() => {
        try {
          parseState(bad, "s3://b/_publish/state.json");
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(CwsError);
      expect((error as CwsError).hint).toMatch(/delete/);
    }
  });
});

describe("helpers", () => {
  it("reports progress every 50 objects or 2 s, whichever comes first", () => {
    let time = 0;
    const lines: string[] = [];
    const report = progressReporter((line) => lines.push(line), { clock: () => time });
    const tick = (done: number) => report({ phase: "upload", done, total: 200, bytesDone: done * 1024, bytesTotal: 200 * 1024, key: "k" });
    for (let done = 1; done <= 120; done++) tick(done);
    expect(lines).toEqual(["uploading: 50/200 objects, 50.0 KiB/200.0 KiB", "uploading: 100/200 objects, 100.0 KiB/200.0 KiB"]);
    time = 2500;
    tick(121);
    expect(lines.at(-1)).toBe("uploading: 121/200 objects, 121.0 KiB/200.0 KiB");
    expect(formatBytes(3 * 1024 * 1024)).toBe("3.0 MiB");
  });

  it("runs at most `concurrency` tasks at once and stops starting new ones after a failure", async () => {
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const task = async (n: number) => {
      started.push(n);
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active--;
      if (n === 3) throw new Error("task 3 failed");
    };
    await expect(runPool([1, 2, 3, 4, 5, 6, 7, 8, 9], 3, task)).rejects.toThrow("task 3 failed");
    expect(peak).toBe(3);
    expect(started.length).toBeLessThan(9);
  });
});

describe("immutable objects", () => {
  const plan = (key: string) => {
    const local: LocalObject[] = [{ key, md5: "0".repeat(32), size: 10 }];
    const remote: RemoteObject[] = [{ key, etag: `"${"1".repeat(32)}"`, size: 10 }];
    return planPublish({ local, remote, state: undefined, now: new Date(), graceDays: 7 });
  };

  it("refuses to overwrite a versioned or hash-named object with different bytes", () => {
    expect(() => plan("metadata/7.snapshot.json")).toThrow(/already published with different content/);
    expect(() => plan(`indexes/${"a".repeat(64)}.catalog.json`)).toThrow(CwsError);
    expect(plan("indexes/catalog.json").uploads.map((u) => u.reason)).toEqual(["changed"]);
  });
});
