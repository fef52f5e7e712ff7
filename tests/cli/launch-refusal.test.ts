// `cws launch` reads the template through the same TUF source as the read commands: a release
// that fails verification is refused with exit 4 and nothing reaches EC2, even though the
// previous, verified release is in the cache (see tuf-refusals.test.ts for every attack).

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { setRuntime } from "../../cli/src/launch/runtime.js";
import { Ec2Fake, GENOMICS_AMI, OWNER, startTestMarketplace, startUsageApi, type TestMarketplace, type UsageApi } from "./helpers/ec2-fake.js";
import { runLaunch, stubLaunchEnv } from "./helpers/launch-env.js";
import { ReleaseCopy } from "./helpers/tuf-attacks.js";

let market: TestMarketplace;
let api: UsageApi;
let fake: Ec2Fake;
let restoreRuntime: () => void;

beforeAll(async () => {
  market = await startTestMarketplace({ now: new Date(Date.now() - 3_600_000) });
  api = await startUsageApi();
});
afterAll(async () => {
  await market?.close();
  await api?.close();
});

beforeEach(() => {
  stubLaunchEnv("cws-launch-refusal-home-", api.url);
  fake = new Ec2Fake().install();
  fake.image({ ImageId: GENOMICS_AMI, OwnerId: OWNER, region: "us-east-1" });
  restoreRuntime = setRuntime({ sleep: async () => {} });
});
afterEach(() => {
  fake.restore();
  restoreRuntime();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const launch = (name: string) => runLaunch(market, "marketplace:genomics-pipeline-v3", name);

describe("cws launch against a release that fails verification", () => {
  it("refuses unsigned template bins with exit 4 and launches nothing, though release 1 is cached", async () => {
    const first = await launch("first");
    expect(first.status).toBe(0);
    expect(fake.callsOf("RunInstances")).toHaveLength(1);

    // Release 2, whose delegated bins (where the template's metadata lives) lost their signatures,
    // with the snapshot and timestamp re-signed for them by someone holding only those keys.
    const copy = new ReleaseCopy(await market.release(new Date()), market.keysDir);
    for (const bin of copy.bins()) {
      copy.write(bin, { ...copy.read(bin), signatures: [] });
      copy.relink(bin);
    }
    market.server.dir = copy.dir;
    const calls = fake.calls.length;
    const usage = api.requests.length;

    const second = await launch("second");
    expect(second.status).toBe(4);
    expect(second.stderr).toMatch(/^error UNTRUSTED: refusing http:\/\/127\.0\.0\.1:\d+: metadata\/\d+\.bins-[0-9a-f]+\.json: not signed by the trusted keys/);
    expect(second.stderr).not.toContain("offline");
    expect(second.stdout).toBe("");
    // Not even an AMI lookup, and no launch event for a launch that never happened.
    expect(fake.calls.slice(calls)).toEqual([]);
    expect(fake.callsOf("RunInstances")).toHaveLength(1);
    expect(api.requests.slice(usage).filter((r) => r.body.includes('"launch"'))).toEqual([]);
  });
});
