import { readFileSync } from "node:fs";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleForPrincipal } from "../../apps/api/identity.js";
import { createLambdaHandler, type FunctionUrlEvent } from "../../apps/api/lambda.js";
import { VERIFICATION_DELAY_MS } from "../../core/community/limits.js";
import { syncStats } from "../../core/community/sync-stats.js";
import { type Community, call, REVIEW, seedTemplate, startCommunity, testApp, usageEvent } from "./helpers.js";

const NOW = new Date("2026-11-27T12:00:00Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let community: Community;
let app: Hono;
let clock = NOW;

beforeAll(async () => {
  community = await startCommunity("vf-");
  for (const id of ["quick-template", "order-template", "honest-template", "late-template", "backdate-template", "lambda-template"])
    await seedTemplate(community, { template_id: id });
  app = testApp(community, { now: () => clock });
});
afterAll(() => community.close());

/** Posts an event as `user` when the server's clock reads `at`, saying it happened `occurred` (default: then). */
async function report(user: string, id: string, event: string, at: Date, occurred = at) {
  clock = at;
  const res = await call(app, "POST", `/templates/${id}/usage`, { user, body: usageEvent(id, event, occurred) });
  clock = NOW;
  expect(res.status).toBe(201);
}
const review = async (user: string, id: string, at = NOW) => {
  clock = at;
  const res = await call(app, "POST", `/templates/${id}/reviews`, { user, body: REVIEW });
  clock = NOW;
  expect(res.status).toBe(201);
  return res.body.verified_usage;
};

describe("verified_usage cannot be minted by the reviewer alone", () => {
  it("is false for a launch and its success posted a second before the review", async () => {
    expect(VERIFICATION_DELAY_MS).toBe(HOUR);
    await report("hasty", "quick-template", "launch", new Date(NOW.getTime() - 2000));
    await report("hasty", "quick-template", "launch_succeeded", new Date(NOW.getTime() - 1000));
    expect(await review("hasty", "quick-template")).toBe(false);
  });

  it("is false for a success without a launch, or one recorded before its launch", async () => {
    await report("no-launch", "order-template", "launch_succeeded", new Date(NOW.getTime() - 3 * HOUR));
    expect(await review("no-launch", "order-template")).toBe(false);
    await report("backwards", "order-template", "launch_succeeded", new Date(NOW.getTime() - 3 * HOUR));
    await report("backwards", "order-template", "launch", new Date(NOW.getTime() - 2 * HOUR));
    expect(await review("backwards", "order-template")).toBe(false);
    // A launch alone, however old, is not a success; nor a failure.
    await report("failed", "order-template", "launch", new Date(NOW.getTime() - 3 * HOUR));
    await report("failed", "order-template", "launch_failed", new Date(NOW.getTime() - 2 * HOUR));
    expect(await review("failed", "order-template")).toBe(false);
  });

  it("is false when the success is only claimed to be old: occurred_at backdated, recorded just now", async () => {
    await report("backdater", "backdate-template", "launch", new Date(NOW.getTime() - 10 * MINUTE), new Date(NOW.getTime() - 30 * HOUR));
    await report("backdater", "backdate-template", "launch_succeeded", new Date(NOW.getTime() - 5 * MINUTE), new Date(NOW.getTime() - 29 * HOUR));
    expect(await review("backdater", "backdate-template")).toBe(false);
  });

  it("is true for a launch, then its success, recorded at least an hour before the review", async () => {
    await report("honest", "honest-template", "launch", new Date(NOW.getTime() - 2 * HOUR));
    await report("honest", "honest-template", "launch_succeeded", new Date(NOW.getTime() - HOUR));
    expect(await review("honest", "honest-template")).toBe(true);
    // Someone else's evidence proves nothing about this reviewer.
    expect(await review("bystander", "honest-template")).toBe(false);
  });

  it("comes true later, at an edit or at sync-stats, once the evidence is an hour old", async () => {
    await report("early", "late-template", "launch", new Date(NOW.getTime() - 5 * MINUTE));
    await report("early", "late-template", "launch_succeeded", new Date(NOW.getTime() - 4 * MINUTE));
    expect(await review("early", "late-template")).toBe(false);
    await report("editor", "late-template", "launch", new Date(NOW.getTime() - 5 * MINUTE));
    await report("editor", "late-template", "launch_succeeded", new Date(NOW.getTime() - 4 * MINUTE));
    expect(await review("editor", "late-template")).toBe(false);
    // Too soon: an edit half an hour later, or a sync, changes nothing.
    clock = new Date(NOW.getTime() + 30 * MINUTE);
    expect((await call(app, "PUT", "/templates/late-template/reviews/editor", { user: "editor", body: { version: 1, rating: 4 } })).body.verified_usage).toBe(
      false,
    );
    clock = NOW;
    await syncStats({ client: community.client, tablePrefix: community.prefix, now: new Date(NOW.getTime() + 30 * MINUTE) });
    expect((await call(app, "GET", "/templates/late-template/reviews/early")).body.verified_usage).toBe(false);
    // An hour on, both come true.
    clock = new Date(NOW.getTime() + HOUR);
    expect((await call(app, "PUT", "/templates/late-template/reviews/editor", { user: "editor", body: { version: 2, rating: 5 } })).body.verified_usage).toBe(
      true,
    );
    clock = NOW;
    const [result] = (await syncStats({ client: community.client, tablePrefix: community.prefix, now: new Date(NOW.getTime() + HOUR) })).filter(
      (r) => r.template_id === "late-template",
    );
    expect(result?.reviews_verified).toBe(1);
    expect((await call(app, "GET", "/templates/late-template/reviews/early")).body.verified_usage).toBe(true);
  });
});

describe("verified_usage in Lambda mode", () => {
  const FIXTURE = JSON.parse(readFileSync(new URL("./fixtures/function-url-event.json", import.meta.url), "utf8")) as FunctionUrlEvent;
  const LAUNCHER = "arn:aws:iam::111122223333:user/launcher";
  const OTHER = "arn:aws:iam::111122223333:user/launcher-laptop";
  const ID = "lambda-template";
  function event(arn: string, path: string, body: unknown): FunctionUrlEvent {
    const e = structuredClone(FIXTURE);
    e.rawPath = `/api/v1/marketplace/templates/${ID}/${path}`;
    e.rawQueryString = "";
    e.requestContext.http = { ...e.requestContext.http, method: "POST", path: e.rawPath };
    e.body = JSON.stringify(body);
    e.isBase64Encoded = false;
    const iam = e.requestContext.authorizer?.iam;
    if (iam) {
      iam.userArn = arn;
      iam.accountId = "111122223333";
    }
    return e;
  }

  it("counts only evidence from the IAM principal that writes the review, even when two principals share a handle", async () => {
    let at = new Date(NOW.getTime() - 2 * HOUR);
    const handler = createLambdaHandler({
      client: community.client,
      tablePrefix: community.prefix,
      // Both principals are mapped to one handle: the handle alone would let one vouch for the other.
      env: { CWS_PRINCIPAL_HANDLES: JSON.stringify({ [LAUNCHER]: "shared-handle", [OTHER]: "shared-handle" }) },
      now: () => at,
    });
    expect((await handler(event(LAUNCHER, "usage", usageEvent(ID, "launch", at)))).statusCode).toBe(201);
    at = new Date(NOW.getTime() - 90 * MINUTE);
    expect((await handler(event(LAUNCHER, "usage", usageEvent(ID, "launch_succeeded", at)))).statusCode).toBe(201);
    at = NOW;
    const byOther = await handler(event(OTHER, "reviews", REVIEW));
    expect(byOther.statusCode).toBe(201);
    expect(JSON.parse(byOther.body)).toMatchObject({ reviewer: "shared-handle", verified_usage: false });

    // The launching principal's own review (here under its derived handle) is verified: evidence follows the principal.
    const unmapped = createLambdaHandler({ client: community.client, tablePrefix: community.prefix, env: {}, now: () => NOW });
    const own = await unmapped(event(LAUNCHER, "reviews", REVIEW));
    expect(JSON.parse(own.body)).toMatchObject({ reviewer: handleForPrincipal(LAUNCHER), verified_usage: true });
  });
});
