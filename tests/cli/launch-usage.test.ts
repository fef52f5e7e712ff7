// The usage-event queue: events are written to disk first, sent with their event_id as the
// Idempotency-Key, removed only once counted (2xx) or already counted (409), and kept for the
// next run when the API is down, not deployed yet, or failing.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { setRuntime } from "../../cli/src/launch/runtime.js";
import { enqueue, flushQueue, newEvent, pending } from "../../cli/src/launch/usage-queue.js";
import { main } from "../../cli/src/main.js";
import type { UsageEvent } from "../../core/types/generated.js";
import { tempDir } from "../helpers/run.js";
import { Ec2Fake, GENOMICS_AMI, OWNER, startTestMarketplace, startUsageApi, type TestMarketplace, type UsageApi } from "./helpers/ec2-fake.js";

let api: UsageApi;
let restoreRuntime: () => void;

beforeAll(async () => {
  api = await startUsageApi();
});
afterAll(async () => {
  await api?.close();
});
beforeEach(() => {
  api.requests.length = 0;
  api.status = 202;
  restoreRuntime = setRuntime({ usageTimeoutMs: 500, usageBudgetMs: 2_000 });
});
afterEach(() => restoreRuntime());

const event = (over: Partial<UsageEvent> = {}): UsageEvent => ({
  ...newEvent({ template_id: "genomics-pipeline-v3", template_version: "3.2.2", event: "launch" }),
  ...over,
});

/** A URL nothing listens on. */
async function closedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise<void>((done) => server.close(() => done()));
  return url;
}

describe("usage queue", () => {
  it("writes one complete JSON file per event, atomically", () => {
    const dir = tempDir("cws-queue-");
    const e = event();
    const file = enqueue(dir, api.url, e);
    expect(readdirSync(dir)).toEqual([file.slice(dir.length + 1)]);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ api_url: api.url, event: e });
  });

  it("keeps events while the API is down, then sends each exactly once", async () => {
    const dir = tempDir("cws-queue-");
    const down = await closedUrl();
    const a = event();
    const b = event({ event: "launch_succeeded", duration_ms: 1200 });
    enqueue(dir, down, a);
    enqueue(dir, down, b);
    expect(await flushQueue(dir)).toEqual({ sent: 0, kept: 2, rejected: 0 });
    expect(pending(dir)).toHaveLength(2);

    // The API comes up: rewrite where the queued events go, as a later config would.
    for (const file of pending(dir)) writeFileSync(file, readFileSync(file, "utf8").replace(down, api.url));
    expect(await flushQueue(dir)).toEqual({ sent: 2, kept: 0, rejected: 0 });
    expect(await flushQueue(dir)).toEqual({ sent: 0, kept: 0, rejected: 0 });
    expect(api.requests.map((r) => r.headers["idempotency-key"])).toEqual([a.event_id, b.event_id]);
    expect(api.requests.map((r) => JSON.parse(r.body))).toEqual([a, b]);
  });

  it.each([404, 405, 501, 503, 500, 429])("keeps the event on HTTP %i and resends it with the same event_id", async (status) => {
    const dir = tempDir("cws-queue-");
    const e = event();
    enqueue(dir, api.url, e);
    api.status = status;
    expect((await flushQueue(dir)).kept).toBe(1);
    api.status = 201;
    expect((await flushQueue(dir)).sent).toBe(1);
    expect(pending(dir)).toEqual([]);
    expect(api.requests).toHaveLength(2);
    for (const r of api.requests) {
      expect(r.headers["idempotency-key"]).toBe(e.event_id);
      expect(JSON.parse(r.body).event_id).toBe(e.event_id);
    }
  });

  it("treats 409 (already counted) as delivered", async () => {
    const dir = tempDir("cws-queue-");
    enqueue(dir, api.url, event());
    api.status = 409;
    expect(await flushQueue(dir)).toEqual({ sent: 1, kept: 0, rejected: 0 });
    expect(pending(dir)).toEqual([]);
  });

  it("sets aside events the API rejects as malformed instead of resending them forever", async () => {
    const dir = tempDir("cws-queue-");
    enqueue(dir, api.url, event());
    writeFileSync(join(dir, "000000000000001-garbage.json"), "{ not json");
    api.status = 422;
    expect(await flushQueue(dir)).toEqual({ sent: 0, kept: 0, rejected: 2 });
    expect(pending(dir)).toEqual([]);
    expect(readdirSync(join(dir, "rejected"))).toHaveLength(2);
    expect(await flushQueue(dir)).toEqual({ sent: 0, kept: 0, rejected: 0 });
  });

  it("is bounded: a failing API costs one request per flush, and at most usageMaxPerFlush are sent", async () => {
    const dir = tempDir("cws-queue-");
    for (let i = 0; i < 5; i++) enqueue(dir, api.url, event());
    api.status = 503;
    expect(await flushQueue(dir)).toEqual({ sent: 0, kept: 5, rejected: 0 });
    expect(api.requests).toHaveLength(1);
    api.status = 202;
    setRuntime({ usageMaxPerFlush: 2 });
    expect(await flushQueue(dir)).toEqual({ sent: 2, kept: 3, rejected: 0 });
    expect(pending(dir)).toHaveLength(3);
  });

  it("does not hang on an API that never answers", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((done) => silent.listen(0, "127.0.0.1", done));
    try {
      const dir = tempDir("cws-queue-");
      enqueue(dir, `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, event());
      setRuntime({ usageTimeoutMs: 200 });
      const started = Date.now();
      expect(await flushQueue(dir)).toEqual({ sent: 0, kept: 1, rejected: 0 });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(pending(dir)).toHaveLength(1);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe("usage events across cws launch runs", () => {
  let market: TestMarketplace;
  let fake: Ec2Fake;
  let home: string;

  beforeAll(async () => {
    market = await startTestMarketplace();
  });
  afterAll(async () => {
    await market?.close();
  });
  beforeEach(() => {
    home = tempDir("cws-usage-home-");
    mkdirSync(join(home, "templates"));
    for (const [k, v] of Object.entries({
      HOME: home,
      XDG_CACHE_HOME: join(home, "cache"),
      XDG_STATE_HOME: join(home, "state"),
      XDG_CONFIG_HOME: join(home, "config"),
      CWS_TEMPLATES_DIR: join(home, "templates"),
      AWS_REGION: undefined,
      CWS_EC2_ENDPOINT: "http://127.0.0.1:9",
      CWS_SSM_ENDPOINT: "http://127.0.0.1:9",
      AWS_ACCESS_KEY_ID: "AKIDTEST",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_EC2_METADATA_DISABLED: "true",
    }))
      vi.stubEnv(k, v);
    fake = new Ec2Fake().install();
    fake.image({ ImageId: GENOMICS_AMI, OwnerId: OWNER, region: "us-east-1" });
    setRuntime({ sleep: async () => {} });
  });
  afterEach(() => {
    fake.restore();
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  const queueDir = () => join(home, "state", "cws", "marketplace", "usage-queue");

  async function launch(apiUrl: string, name: string): Promise<number> {
    vi.stubEnv("CWS_MARKETPLACE_API", apiUrl);
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      return await main(["launch", "marketplace:genomics-pipeline-v3", name, "--registry-url", market.url, "--trusted-root", market.root]);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  it("keeps the events of a launch while the API is not deployed, and sends them first on the next run, once", async () => {
    api.status = 404;
    expect(await launch(api.url, "first")).toBe(0);
    expect(fake.callsOf("RunInstances")).toHaveLength(1);
    const kept = pending(queueDir()).map((f) => (JSON.parse(readFileSync(f, "utf8")) as { event: UsageEvent }).event);
    expect(kept.map((e) => e.event)).toEqual(["launch", "launch_succeeded"]);
    const firstRun = api.requests.length;
    expect(firstRun).toBeGreaterThanOrEqual(1);

    api.status = 202;
    api.requests.length = 0;
    expect(await launch(api.url, "second")).toBe(0);
    expect(pending(queueDir())).toEqual([]);
    const sent = api.requests.map((r) => JSON.parse(r.body) as UsageEvent);
    // The first run's events go first, then this run's; every event_id exactly once.
    expect(sent.slice(0, 2)).toEqual(kept);
    expect(sent.map((e) => e.event)).toEqual(["launch", "launch_succeeded", "launch", "launch_succeeded"]);
    expect(new Set(sent.map((e) => e.event_id)).size).toBe(4);
    expect(api.requests.map((r) => r.headers["idempotency-key"])).toEqual(sent.map((e) => e.event_id));
  });

  it("never fails or blocks a launch when the API is unreachable", async () => {
    const down = await closedUrl();
    expect(await launch(down, "offline")).toBe(0);
    expect(pending(queueDir())).toHaveLength(2);
    expect(existsSync(join(queueDir(), "rejected"))).toBe(false);
  });
});
