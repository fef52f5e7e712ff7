import { DeleteCommand, GetCommand, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncStats } from "../../core/community/sync-stats.js";
import { tableName } from "../../core/community/tables.js";
import { type Community, call, REVIEW, seedTemplate, startCommunity, testApp, usageEvent } from "./helpers.js";

const NOW = new Date("2026-11-27T12:00:00Z");
let community: Community;
let app: Hono;

beforeAll(async () => {
  community = await startCommunity("rv-");
  for (const id of ["dup-template", "invalid-template", "edit-template", "vote-template", "reply-template", "verify-template", "anon-template"])
    await seedTemplate(community, { template_id: id, author: "pub-author", owners: ["pub-author", "pub-owner"] });
  await seedTemplate(community, { template_id: "private-template", visibility: "private" });
  app = testApp(community, { now: () => NOW });
});
afterAll(() => community.close());

const reviewsTable = () => tableName("templateReviews", community.prefix);
async function storedReviews(templateId: string) {
  const out = await community.doc.send(
    new QueryCommand({
      TableName: reviewsTable(),
      KeyConditionExpression: "template_id = :t",
      ExpressionAttributeValues: { ":t": templateId },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}
async function counters(templateId: string) {
  const out = await community.doc.send(new GetCommand({ TableName: tableName("communityTemplates", community.prefix), Key: { template_id: templateId } }));
  const item = out.Item ?? {};
  return { rating_count: item.rating_count, rating_sum: item.rating_sum, reviews: item.reviews, rating_histogram: item.rating_histogram };
}

describe("one review per user per template", () => {
  it("refuses a second review with 409 and leaves the first one and every total unchanged", async () => {
    const first = await call(app, "POST", "/templates/dup-template/reviews", { user: "alice", body: { ...REVIEW, rating: 4 } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ reviewer: "alice", rating: 4, version: 1, verified_usage: false, helpful_votes: 0, status: "visible" });
    expect(first.headers.get("location")).toBe("/api/v1/marketplace/templates/dup-template/reviews/alice");
    await syncStats({ client: community.client, tablePrefix: community.prefix, now: NOW });
    const listBefore = (await call(app, "GET", "/templates/dup-template/reviews")).body;
    const countersBefore = await counters("dup-template");
    expect(countersBefore).toEqual({ rating_count: 1, rating_sum: 4, reviews: 1, rating_histogram: { "1": 0, "2": 0, "3": 0, "4": 1, "5": 0 } });

    const second = await call(app, "POST", "/templates/dup-template/reviews", { user: "alice", body: { ...REVIEW, rating: 1, title: "Changed my mind" } });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: "REVIEW_EXISTS" });
    expect(String(second.body.hint)).toContain("/reviews/alice");

    const stored = await storedReviews("dup-template");
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ rating: 4, title: REVIEW.title, version: 1 });
    expect((await call(app, "GET", "/templates/dup-template/reviews")).body).toEqual(listBefore);
    await syncStats({ client: community.client, tablePrefix: community.prefix, now: NOW });
    expect(await counters("dup-template")).toEqual(countersBefore);
  });

  it("serialises concurrent first reviews by one user: exactly one wins", async () => {
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(app, "POST", "/templates/dup-template/reviews", { user: "racer", body: { ...REVIEW, title: `attempt ${i}` } })),
    );
    expect(attempts.filter((a) => a.status === 201)).toHaveLength(1);
    expect(attempts.filter((a) => a.status === 409)).toHaveLength(19);
    expect((await storedReviews("dup-template")).filter((r) => r.reviewer === "racer")).toHaveLength(1);
  });

  it("does not let publishers review their own template, and 404s unknown or private templates", async () => {
    expect((await call(app, "POST", "/templates/dup-template/reviews", { user: "pub-owner", body: REVIEW })).body.error).toBe("OWN_TEMPLATE");
    expect((await call(app, "POST", "/templates/no-such-template/reviews", { user: "alice", body: REVIEW })).status).toBe(404);
    expect((await call(app, "POST", "/templates/private-template/reviews", { user: "alice", body: REVIEW })).status).toBe(404);
    expect(await storedReviews("private-template")).toEqual([]);
  });
});

describe("invalid requests", () => {
  const cases: [string, unknown, { pointer: string; keyword?: string }[]][] = [
    ["rating out of range", { ...REVIEW, rating: 6 }, [{ pointer: "/rating", keyword: "maximum" }]],
    ["a fractional rating", { ...REVIEW, rating: 4.5 }, [{ pointer: "/rating", keyword: "type" }]],
    [
      "missing fields",
      { rating: 3 },
      [
        { pointer: "/title", keyword: "required" },
        { pointer: "/content", keyword: "required" },
      ],
    ],
    ["server-owned fields", { ...REVIEW, verified_usage: true, reviewer: "mallory" }, [{ pointer: "/verified_usage" }, { pointer: "/reviewer" }]],
    ["an empty title and a bad use case", { ...REVIEW, title: "", use_case: "Not Kebab" }, [{ pointer: "/title" }, { pointer: "/use_case" }]],
    ["a too long review", { ...REVIEW, content: "x".repeat(5001) }, [{ pointer: "/content", keyword: "maxLength" }]],
    ["not an object", [1, 2], [{ pointer: "", keyword: "type" }]],
  ];
  it.each(cases)("answers 400 with field errors for %s, and writes nothing", async (_, body, expected) => {
    const res = await call(app, "POST", "/templates/invalid-template/reviews", { user: "bob", body });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("VALIDATION_FAILED");
    const errors = res.body.errors as { in: string; pointer: string; keyword?: string }[];
    for (const e of expected) expect(errors).toContainEqual(expect.objectContaining({ in: "body", ...e }));
    expect(await storedReviews("invalid-template")).toEqual([]);
  });

  const text: [string, string, string, RegExp][] = [
    ["a NUL in the content", '{"rating":5,"title":"Fine","content":"ok\\u0000hidden"}', "/content", /NUL \(U\+0000\) at character 3/],
    ["a raw NUL byte", '{"rating":5,"title":"Fine","content":"ok\u0000hidden"}', "", /./],
    ["a lone high surrogate in the title", '{"rating":5,"title":"broken \\ud83d","content":"x"}', "/title", /lone surrogate \(U\+D83D\)/],
    ["a lone low surrogate", '{"rating":5,"title":"Fine","content":"\\ude00 tail"}', "/content", /lone surrogate/],
    ["an escape sequence", '{"rating":5,"title":"\\u001b[2Jgone","content":"x"}', "/title", /control character U\+001B/],
    ["a C1 control", '{"rating":5,"title":"Fine","content":"a\\u009bb"}', "/content", /U\+009B/],
    ["a noncharacter", '{"rating":5,"title":"Fine","content":"a\\uffffb"}', "/content", /noncharacter U\+FFFF/],
    ["a whitespace-only title", '{"rating":5,"title":" \\t\\n\\u00a0\\u3000","content":"x"}', "/title", /visible character/],
    ["a zero-width-only title", '{"rating":5,"title":"\\u200b\\u200b","content":"x"}', "/title", /visible character/],
    ["whitespace-only content", '{"rating":5,"title":"Fine","content":"   "}', "/content", /visible character/],
  ];
  it.each(text)("refuses %s with 400 and a located field error, and writes nothing", async (_, raw, pointer, message) => {
    const res = await call(app, "POST", "/templates/invalid-template/reviews", { user: "bob", body: raw });
    expect(res.status).toBe(400);
    const errors = res.body.errors as { in: string; pointer: string; message: string }[];
    expect(errors).toContainEqual(expect.objectContaining({ in: "body", pointer, message: expect.stringMatching(message) }));
    expect(await storedReviews("invalid-template")).toEqual([]);
  });

  it("refuses invalid text in edits and replies too, and keeps emoji, accents and newlines", async () => {
    const ok = await call(app, "POST", "/templates/invalid-template/reviews", {
      user: "unicode-fan",
      body: { ...REVIEW, title: "Très bien 🧬", content: "Line one\n\tLine two — ok ✓ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢" },
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ title: "Très bien 🧬" });
    const edit = await call(app, "PUT", "/templates/invalid-template/reviews/unicode-fan", { user: "unicode-fan", body: '{"version":1,"title":"   "}' });
    expect(edit.body.errors).toContainEqual(expect.objectContaining({ pointer: "/title" }));
    const nul = await call(app, "PUT", "/templates/invalid-template/reviews/unicode-fan", { user: "unicode-fan", body: '{"version":1,"content":"\\u0000"}' });
    expect(nul.body.errors).toContainEqual(expect.objectContaining({ pointer: "/content", keyword: "text" }));
    const reply = await call(app, "PUT", "/templates/invalid-template/reviews/unicode-fan/reply", { user: "pub-author", body: '{"content":"\\udfff"}' });
    expect(reply.status).toBe(400);
    expect((await call(app, "GET", "/templates/invalid-template/reviews/unicode-fan")).body).toMatchObject({ version: 1, title: "Très bien 🧬" });
    await community.doc.send(new DeleteCommand({ TableName: reviewsTable(), Key: { template_id: "invalid-template", reviewer: "unicode-fan" } }));
  });

  it("refuses a body that is not UTF-8", async () => {
    const res = await app.request("/api/v1/marketplace/templates/invalid-template/reviews", {
      method: "POST",
      headers: { "x-cws-user": "bob", "content-type": "application/json" },
      body: Buffer.concat([Buffer.from('{"rating":5,"title":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('","content":"x"}')]),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "INVALID_JSON", errors: [{ in: "body", pointer: "", message: "is not valid UTF-8" }] });
    expect(await storedReviews("invalid-template")).toEqual([]);
  });

  it("answers 400 INVALID_JSON for malformed JSON and 415 for other media types", async () => {
    const bad = await call(app, "POST", "/templates/invalid-template/reviews", { user: "bob", body: '{"rating": 5,' });
    expect(bad).toMatchObject({ status: 400, body: { error: "INVALID_JSON" } });
    const res = await app.request("/api/v1/marketplace/templates/invalid-template/reviews", {
      method: "POST",
      headers: { "x-cws-user": "bob", "content-type": "text/plain" },
      body: JSON.stringify(REVIEW),
    });
    expect(res.status).toBe(415);
    expect(await storedReviews("invalid-template")).toEqual([]);
  });

  it("validates path and query parameters with pointers too", async () => {
    const path = await call(app, "GET", "/templates/Bad_Id/reviews");
    expect(path.status).toBe(400);
    expect(path.body.errors).toContainEqual(expect.objectContaining({ in: "path", pointer: "/id" }));
    const query = await call(app, "GET", "/templates/invalid-template/reviews?limit=0&sort=best&surprise=1");
    expect(query.status).toBe(400);
    const pointers = (query.body.errors as { pointer: string }[]).map((e) => e.pointer).sort();
    expect(pointers).toEqual(["/limit", "/sort", "/surprise"]);
    const reviewer = await call(app, "PUT", "/templates/invalid-template/reviews/Not%20A%20Handle", { user: "bob", body: { version: 1, rating: 2 } });
    expect(reviewer.body.errors).toContainEqual(expect.objectContaining({ in: "path", pointer: "/reviewer" }));
  });

  it("refuses an X-CWS-User that is not a handle", async () => {
    const res = await call(app, "POST", "/templates/invalid-template/reviews", { user: "Robert'); DROP", body: REVIEW });
    expect(res).toMatchObject({ status: 400, body: { error: "INVALID_IDENTITY" } });
    expect(await storedReviews("invalid-template")).toEqual([]);
  });
});

describe("anonymous writes", () => {
  const writes: [string, string, unknown][] = [
    ["POST", "/templates/anon-template/reviews", REVIEW],
    ["PUT", "/templates/anon-template/reviews/alice", { version: 1, rating: 1 }],
    ["POST", "/templates/anon-template/reviews/alice/votes", undefined],
    ["DELETE", "/templates/anon-template/reviews/alice/votes", undefined],
    ["PUT", "/templates/anon-template/reviews/alice/reply", { content: "thanks" }],
    ["DELETE", "/templates/anon-template/reviews/alice/reply", undefined],
    ["POST", "/templates/anon-template/usage", usageEvent("anon-template", "launch", NOW)],
    ["POST", "/templates/anon-template/reports", { reason: "spam" }],
    ["POST", "/templates", {}],
    ["PUT", "/templates/anon-template", {}],
    ["DELETE", "/templates/anon-template", undefined],
    ["POST", "/templates/anon-template/fork", undefined],
  ];
  it.each(writes)("%s %s answers 401 and writes nothing", async (method, path, body) => {
    const res = await call(app, method, path, { body });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: "AUTH_REQUIRED" });
    for (const table of ["templateReviews", "usageAnalytics", "communityReports"] as const) {
      const items = (await community.doc.send(new ScanCommand({ TableName: tableName(table, community.prefix) }))).Items ?? [];
      expect(items.filter((i) => i.template_id === "anon-template")).toEqual([]);
    }
  });

  it("answers registry changes with 501 and what to configure when the server has no registry", async () => {
    for (const [method, path, body] of [
      ["PUT", "/templates/anon-template", { name: "New name" }],
      ["DELETE", "/templates/anon-template", { reason: "Superseded." }],
      ["POST", "/templates/anon-template/fork", { template_id: "alice-template" }],
    ] as const) {
      const res = await call(app, method, path, { user: "alice", body });
      expect(res.status).toBe(501);
      expect(res.body).toMatchObject({ error: "REGISTRY_NOT_CONFIGURED" });
      expect(String(res.body.hint)).toContain("CWS_REGISTRY_REPO");
    }
  });
});

describe("editing", () => {
  it("lets only the author edit, guarded by the version they read", async () => {
    expect((await call(app, "POST", "/templates/edit-template/reviews", { user: "carol", body: REVIEW })).status).toBe(201);
    const stranger = await call(app, "PUT", "/templates/edit-template/reviews/carol", { user: "mallory", body: { version: 1, rating: 1 } });
    expect(stranger).toMatchObject({ status: 403, body: { error: "NOT_AUTHOR" } });

    const edit = await call(app, "PUT", "/templates/edit-template/reviews/carol", { user: "carol", body: { version: 1, rating: 3, title: "Good, not great" } });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ rating: 3, title: "Good, not great", content: REVIEW.content, version: 2, updated_at: "2026-11-27T12:00:00Z" });

    // A second editor working from version 1 (say, another tab) must not overwrite version 2.
    const stale = await call(app, "PUT", "/templates/edit-template/reviews/carol", { user: "carol", body: { version: 1, rating: 1 } });
    expect(stale).toMatchObject({ status: 409, body: { error: "VERSION_CONFLICT", current_version: 2 } });
    const now = await call(app, "GET", "/templates/edit-template/reviews/carol");
    expect(now.body).toMatchObject({ rating: 3, version: 2 });

    const empty = await call(app, "PUT", "/templates/edit-template/reviews/carol", { user: "carol", body: { version: 2 } });
    expect(empty.status).toBe(400);
    const missing = await call(app, "PUT", "/templates/edit-template/reviews/dave", { user: "dave", body: { version: 1, rating: 2 } });
    expect(missing).toMatchObject({ status: 404, body: { error: "REVIEW_NOT_FOUND" } });
  });

  it("lets exactly one of two concurrent edits from the same version win", async () => {
    const edits = await Promise.all(
      [1, 2, 4, 5].map((rating) => call(app, "PUT", "/templates/edit-template/reviews/carol", { user: "carol", body: { version: 2, rating } })),
    );
    expect(edits.map((e) => e.status).sort()).toEqual([200, 409, 409, 409]);
    expect((await call(app, "GET", "/templates/edit-template/reviews/carol")).body.version).toBe(3);
  });
});

describe("helpful votes", () => {
  it("counts one vote per voter, however often and concurrently they vote", async () => {
    expect((await call(app, "POST", "/templates/vote-template/reviews", { user: "erin", body: REVIEW })).status).toBe(201);
    const voters = Array.from({ length: 15 }, (_, i) => `voter-${i}`);
    const attempts = await Promise.all(
      [...voters, ...voters, ...voters].map((v) => call(app, "POST", "/templates/vote-template/reviews/erin/votes", { user: v })),
    );
    expect(attempts.filter((a) => a.status === 201)).toHaveLength(15);
    expect(attempts.filter((a) => a.status === 409).every((a) => a.body.error === "ALREADY_VOTED")).toBe(true);
    expect((await call(app, "GET", "/templates/vote-template/reviews/erin")).body.helpful_votes).toBe(15);

    expect((await call(app, "POST", "/templates/vote-template/reviews/erin/votes", { user: "erin" })).body.error).toBe("OWN_REVIEW");
    const back = await call(app, "DELETE", "/templates/vote-template/reviews/erin/votes", { user: "voter-3" });
    expect(back).toMatchObject({ status: 200, body: { helpful_votes: 14, voted: false } });
    expect((await call(app, "DELETE", "/templates/vote-template/reviews/erin/votes", { user: "voter-3" })).body.error).toBe("NOT_VOTED");
    expect((await call(app, "POST", "/templates/vote-template/reviews/erin/votes", { user: "voter-3" })).body).toMatchObject({
      helpful_votes: 15,
      voted: true,
    });
    expect((await call(app, "POST", "/templates/vote-template/reviews/nobody/votes", { user: "voter-1" })).status).toBe(404);
    // Voters are never served.
    expect(JSON.stringify((await call(app, "GET", "/templates/vote-template/reviews")).body)).not.toContain("voter-");
  });
});

describe("publisher replies", () => {
  it("lets the author and owners reply, and nobody else", async () => {
    expect((await call(app, "POST", "/templates/reply-template/reviews", { user: "frank", body: { ...REVIEW, rating: 2 } })).status).toBe(201);
    const stranger = await call(app, "PUT", "/templates/reply-template/reviews/frank/reply", { user: "frank", body: { content: "I reply to myself" } });
    expect(stranger).toMatchObject({ status: 403, body: { error: "NOT_PUBLISHER" } });

    const first = await call(app, "PUT", "/templates/reply-template/reviews/frank/reply", { user: "pub-author", body: { content: "Fixed in 1.0.1, thanks!" } });
    expect(first.status).toBe(200);
    expect(first.body.reply).toEqual({ author: "pub-author", content: "Fixed in 1.0.1, thanks!", created_at: "2026-11-27T12:00:00Z" });
    const second = await call(app, "PUT", "/templates/reply-template/reviews/frank/reply", { user: "pub-owner", body: { content: "Also see the docs." } });
    expect(second.body.reply).toMatchObject({
      author: "pub-owner",
      content: "Also see the docs.",
      created_at: "2026-11-27T12:00:00Z",
      updated_at: "2026-11-27T12:00:00Z",
    });
    const listed = (await call(app, "GET", "/templates/reply-template/reviews")).body.reviews as { reply?: unknown; version: number }[];
    expect(listed[0]?.reply).toMatchObject({ content: "Also see the docs." });
    // A reply is not an edit of the review.
    expect(listed[0]?.version).toBe(1);
    expect((await call(app, "PUT", "/templates/reply-template/reviews/frank/reply", { user: "pub-author", body: { content: "" } })).status).toBe(400);
    const removed = await call(app, "DELETE", "/templates/reply-template/reviews/frank/reply", { user: "pub-author" });
    expect(removed.status).toBe(200);
    expect(removed.body.reply).toBeUndefined();
  });
});

describe("verified_usage", () => {
  // Evidence counts once it is an hour old (tests/api/verification.test.ts has the rules); report it two hours back.
  const past = () => testApp(community, { now: () => new Date(NOW.getTime() - 2 * 3_600_000) });
  const ran = async (user: string, id: string) => {
    const at = new Date(NOW.getTime() - 2 * 3_600_000);
    for (const event of ["launch", "launch_succeeded"])
      expect((await call(past(), "POST", `/templates/${id}/usage`, { user, body: usageEvent(id, event, at) })).status).toBe(201);
  };

  it("is true only when that user has a recorded, successful launch of that template", async () => {
    await ran("launcher", "verify-template");
    expect(
      (await call(app, "POST", "/templates/verify-template/usage", { user: "downloader", body: usageEvent("verify-template", "download", NOW) })).status,
    ).toBe(201);
    await ran("elsewhere", "edit-template");

    const verified = await call(app, "POST", "/templates/verify-template/reviews", { user: "launcher", body: REVIEW });
    expect(verified.body.verified_usage).toBe(true);
    const downloadOnly = await call(app, "POST", "/templates/verify-template/reviews", { user: "downloader", body: REVIEW });
    expect(downloadOnly.body.verified_usage).toBe(false);
    // A launch of another template proves nothing about this one.
    const elsewhere = await call(app, "POST", "/templates/verify-template/reviews", { user: "elsewhere", body: REVIEW });
    expect(elsewhere.body.verified_usage).toBe(false);
    // The client cannot claim it.
    expect((await call(app, "POST", "/templates/verify-template/reviews", { user: "liar", body: { ...REVIEW, verified_usage: true } })).status).toBe(400);
  });

  it("becomes true once a launch is recorded: on the author's next edit, or at the next sync-stats", async () => {
    await ran("downloader", "verify-template");
    const edited = await call(app, "PUT", "/templates/verify-template/reviews/downloader", { user: "downloader", body: { version: 1, rating: 4 } });
    expect(edited.body).toMatchObject({ verified_usage: true, version: 2 });

    await ran("elsewhere", "verify-template");
    const [result] = (await syncStats({ client: community.client, tablePrefix: community.prefix, now: NOW })).filter(
      (r) => r.template_id === "verify-template",
    );
    expect(result?.reviews_verified).toBe(1);
    const after = await call(app, "GET", "/templates/verify-template/reviews/elsewhere");
    expect(after.body).toMatchObject({ verified_usage: true, version: 1 });
    const list = (await call(app, "GET", "/templates/verify-template/reviews?verified=true")).body;
    expect((list.reviews as { reviewer: string }[]).map((r) => r.reviewer).sort()).toEqual(["downloader", "elsewhere", "launcher"]);
  });
});
