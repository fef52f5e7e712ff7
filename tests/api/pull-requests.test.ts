import { join } from "node:path";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../apps/api/app.js";
import { LocalPullRequests } from "../../apps/local/pull-requests.js";
import type { LocalPullRequest } from "../../core/types/generated.js";
import { tempDir } from "../helpers/run.js";
import { type Community, call, startCommunity, testApp } from "./helpers.js";

let community: Community;
beforeAll(async () => {
  community = await startCommunity("pr-");
});
afterAll(async () => {
  await community.close();
});

function localApp(list: LocalPullRequests): Hono {
  return createApp({
    client: community.client,
    tablePrefix: community.prefix,
    identity: { kind: "dev-header" },
    log: () => {},
    registryEnv: {},
    pullRequests: list,
  }) as unknown as Hono;
}

describe("local pull requests", () => {
  it("production (no local list) answers 501 LOCAL_PULL_REQUESTS_ONLY, never the static tree", async () => {
    const app = testApp(community);
    for (const [method, path] of [
      ["GET", "/pull-requests"],
      ["GET", "/pull-requests/1"],
    ] as const) {
      const r = await call(app, method, path);
      expect(r.status, path).toBe(501);
      expect(r.body.error).toBe("LOCAL_PULL_REQUESTS_ONLY");
    }
    expect((await call(app, "POST", "/pull-requests", { user: "jdoe", body: { head: "cws/fork/x-1", title: "x" } })).status).toBe(501);
  });

  it("opens, lists and answers pull requests, and tells the listener (local CI)", async () => {
    const list = new LocalPullRequests(join(tempDir("cws-prs-"), "pull-requests"));
    list.setOrigin("http://127.0.0.1:4999");
    const seen: number[] = [];
    list.onOpened((pr) => seen.push(pr.number));
    const app = localApp(list);

    expect((await call(app, "POST", "/pull-requests", { body: { head: "cws/fork/x-1", title: "x" } })).status).toBe(401);
    const bad = await call(app, "POST", "/pull-requests", { user: "jdoe", body: { head: "no spaces allowed", title: "x" } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("/head");

    const first = await call(app, "POST", "/pull-requests", { user: "jdoe", body: { head: "cws/fork/x-1", title: "Fork x" } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ number: 1, state: "open", author: "jdoe", head: "cws/fork/x-1", base: "main", diagnostics: [] });
    expect(first.body.url).toBe("http://127.0.0.1:4999/api/v1/marketplace/pull-requests/1");
    const second = await call(app, "POST", "/pull-requests", { user: "ann", body: { head: "cws/update/y-2", title: "Update y", body: "why" } });
    expect(second.body.number).toBe(2);
    expect(seen).toEqual([1, 2]);

    await list.update(1, { state: "failed", summary: "1 error", diagnostics: [] });
    const got = await call(app, "GET", "/pull-requests/1");
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ number: 1, state: "failed", summary: "1 error" });
    const all = await call(app, "GET", "/pull-requests");
    expect((all.body.pull_requests as LocalPullRequest[]).map((p) => p.number)).toEqual([2, 1]);
    const missing = await call(app, "GET", "/pull-requests/9");
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe("PULL_REQUEST_NOT_FOUND");
    // The list is on disk: a new process (a restarted npm start) sees the same pull requests.
    expect((await new LocalPullRequests(list.dir).get(2))?.title).toBe("Update y");
  });
});
