import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeImagesCommand, DescribeInstancesCommand, EC2Client, RunInstancesCommand, type RunInstancesCommandInput } from "@aws-sdk/client-ec2";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { runBuild } from "../../../core/build/run-build.js";
import { type StaticServer, startStaticServer } from "../../tuf/helpers/static-server.js";

/** The account that owns the marketplace's AMIs in the test world. */
export const OWNER = "123456789012";
export const GENOMICS_AMI = "ami-0123456789abcdef0";

export interface FakeImage {
  ImageId: string;
  OwnerId: string;
  region: string;
  State?: string;
  Architecture?: string;
  RootDeviceName?: string;
}

export interface FakeCall {
  service: "ec2" | "ssm";
  command: string;
  region: string;
  input: Record<string, unknown>;
}

interface FakeInstance {
  id: string;
  region: string;
  token: string | undefined;
  polls: number;
  input: RunInstancesCommandInput;
}

/** An error shaped like the SDK's service exceptions. */
export function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

/**
 * A stateful EC2 + SSM on aws-sdk-client-mock. It mocks the client classes, so every client the
 * code under test creates (after its lazy `import("@aws-sdk/client-ec2")`) talks to this fake.
 * Images have owners and regions; instances are pending until DescribeInstances has polled them
 * `pollsUntilRunning` times; RunInstances honours ClientToken like EC2; every call is recorded.
 */
export class Ec2Fake {
  readonly images: FakeImage[] = [];
  /** SSM parameters by `${region} ${name}`. */
  readonly parameters = new Map<string, string>();
  readonly calls: FakeCall[] = [];
  pollsUntilRunning = 2;
  /** Where instances end up: running, or terminated (say, no capacity after all). */
  finalState: "running" | "terminated" = "running";
  /** Answer DescribeImages as if Owners had not been sent (a response the client must still check). */
  ignoreOwnersFilter = false;
  /** Make RunInstances fail with this error. */
  runInstancesError: Error | undefined;
  private readonly instances = new Map<string, FakeInstance>();
  private readonly mocks: { restore(): void }[] = [];

  install(): this {
    const ec2 = mockClient(EC2Client);
    const ssm = mockClient(SSMClient);
    ec2.onAnyCommand().rejects(new Error("the fake does not implement this EC2 command"));
    ssm.onAnyCommand().rejects(new Error("the fake does not implement this SSM command"));
    ec2.on(DescribeImagesCommand).callsFake((input, getClient) => this.handle("ec2", "DescribeImages", input, getClient, (r, i) => this.describeImages(r, i)));
    ec2.on(RunInstancesCommand).callsFake((input, getClient) => this.handle("ec2", "RunInstances", input, getClient, (r, i) => this.runInstances(r, i)));
    ec2
      .on(DescribeInstancesCommand)
      .callsFake((input, getClient) => this.handle("ec2", "DescribeInstances", input, getClient, (r, i) => this.describeInstances(r, i)));
    ssm.on(GetParameterCommand).callsFake((input, getClient) => this.handle("ssm", "GetParameter", input, getClient, (r, i) => this.getParameter(r, i)));
    this.mocks.push(ec2, ssm);
    return this;
  }

  restore(): void {
    for (const m of this.mocks.splice(0)) m.restore();
  }

  image(image: FakeImage): this {
    this.images.push({ State: "available", Architecture: "x86_64", RootDeviceName: "/dev/sda1", ...image });
    return this;
  }

  parameter(region: string, name: string, value: string): this {
    this.parameters.set(`${region} ${name}`, value);
    return this;
  }

  callsOf(command: string): FakeCall[] {
    return this.calls.filter((c) => c.command === command);
  }

  private async handle(
    service: "ec2" | "ssm",
    command: string,
    input: unknown,
    getClient: () => { config: { region: unknown } },
    handler: (region: string, input: Record<string, unknown>) => unknown,
  ): Promise<unknown> {
    const configured = getClient().config.region;
    const region = String(typeof configured === "function" ? await (configured as () => Promise<string>)() : configured);
    const copy = structuredClone(input) as Record<string, unknown>;
    this.calls.push({ service, command, region, input: copy });
    return handler(region, copy);
  }

  private describeImages(region: string, input: Record<string, unknown>) {
    const ids = (input.ImageIds as string[] | undefined) ?? [];
    const owners = input.Owners as string[] | undefined;
    const filters = (input.Filters as { Name: string; Values: string[] }[] | undefined) ?? [];
    let found = this.images.filter((i) => i.region === region);
    if (ids.length > 0) {
      // Like EC2: an id that does not exist in the region is an error, not an empty answer.
      const missing = ids.filter((id) => !found.some((i) => i.ImageId === id));
      if (missing.length > 0) throw awsError("InvalidAMIID.NotFound", `The image id '[${missing.join(", ")}]' does not exist`);
      found = found.filter((i) => ids.includes(i.ImageId));
    }
    if (owners && !this.ignoreOwnersFilter) found = found.filter((i) => owners.includes(i.OwnerId));
    // A lookup by name is what the launch code must never do; answer it with nothing.
    if (filters.some((f) => f.Name === "name")) found = [];
    return { Images: found.map(({ region: _, ...i }) => i) };
  }

  private runInstances(region: string, input: Record<string, unknown>) {
    if (this.runInstancesError) throw this.runInstancesError;
    const typed = input as unknown as RunInstancesCommandInput;
    const token = typed.ClientToken;
    const same = [...this.instances.values()].find((i) => token !== undefined && i.token === token);
    if (same) return { Instances: [{ InstanceId: same.id, State: { Name: "pending" } }] };
    const id = `i-${(this.instances.size + 1).toString(16).padStart(17, "0")}`;
    this.instances.set(id, { id, region, token, polls: 0, input: typed });
    return { Instances: [{ InstanceId: id, State: { Name: "pending" } }] };
  }

  private describeInstances(region: string, input: Record<string, unknown>) {
    const ids = (input.InstanceIds as string[] | undefined) ?? [];
    const found = ids.map((id) => this.instances.get(id)).filter((i): i is FakeInstance => i?.region === region);
    if (found.length === 0) throw awsError("InvalidInstanceID.NotFound", `The instance IDs '${ids.join(", ")}' do not exist`);
    return {
      Reservations: [
        {
          Instances: found.map((i) => {
            i.polls += 1;
            const done = i.polls >= this.pollsUntilRunning;
            const state = done ? this.finalState : "pending";
            const n = [...this.instances.keys()].indexOf(i.id) + 10;
            return {
              InstanceId: i.id,
              State: { Name: state },
              ...(state === "terminated" ? { StateReason: { Code: "Server.InsufficientInstanceCapacity", Message: "Insufficient capacity." } } : {}),
              ...(state === "running" ? { PublicDnsName: `ec2-203-0-113-${n}.compute-1.amazonaws.com`, PublicIpAddress: `203.0.113.${n}` } : {}),
              PrivateIpAddress: `10.0.0.${n}`,
            };
          }),
        },
      ],
    };
  }

  private getParameter(region: string, input: Record<string, unknown>) {
    const value = this.parameters.get(`${region} ${String(input.Name)}`);
    if (value === undefined) throw awsError("ParameterNotFound");
    return { Parameter: { Name: input.Name, Type: "String", Value: value } };
  }
}

/** A recorded request to the usage API. */
export interface ApiRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface UsageApi {
  url: string;
  requests: ApiRequest[];
  /** The status to answer with; switch it to simulate an API that is down or not deployed. */
  status: number;
  close(): Promise<void>;
}

/** A loopback marketplace API that records usage POSTs and answers with `status`. */
export async function startUsageApi(status = 202): Promise<UsageApi> {
  const api: UsageApi = { url: "", requests: [], status, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      api.requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(api.status, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return api;
}

/** An AMI state file: genomics-pipeline-v3 3.2.2 (the seeded version) has GENOMICS_AMI in us-east-1 (x86_64), owned by OWNER. Returns the path. */
export function writeGenomicsAmiState(path: string): string {
  writeFileSync(
    path,
    JSON.stringify({
      version: 1,
      templates: {
        "genomics-pipeline-v3": {
          template_version: "3.2.2",
          regions: { "us-east-1": { x86_64: { image_id: GENOMICS_AMI, owner_id: OWNER, created_at: "2026-09-15T12:00:00Z", state: "available" } } },
        },
      },
    }),
  );
  return path;
}

/** Listens on a free loopback port; returns the base URL and a close() that drops open connections. */
export async function listenLoopback(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export interface TestMarketplace {
  server: StaticServer;
  url: string;
  root: string;
  /** The dev keys it is signed with (keys/<role>.pem and root.json). */
  keysDir: string;
  /** Signs the same registry again at `now`, with the same keys, into a new folder: a later release. */
  release(now: Date): Promise<string>;
  close(): Promise<void>;
}

/**
 * The seeded registry, built and signed into a temp dir and served on loopback, with:
 * an AMI for genomics-pipeline-v3 3.2.2 in us-east-1 x86_64 owned by OWNER, and
 * text-as-data-nlp archived in favour of jupyter-data-science.
 */
export async function startTestMarketplace(options: { now?: Date } = {}): Promise<TestMarketplace> {
  const dir = mkdtempSync(join(tmpdir(), "cws-launch-market-"));
  const registry = join(dir, "registry");
  cpSync(new URL("../../../registry", import.meta.url).pathname, registry, { recursive: true });
  const archived = join(registry, "templates", "text-as-data-nlp", "template.json");
  const t = JSON.parse(readFileSync(archived, "utf8")) as { publication: Record<string, unknown> };
  t.publication.maintenance_status = "archived";
  t.publication.maintenance = { reason: "Superseded by the general data-science workstation.", date: "2026-10-01", replacement: "jupyter-data-science" };
  writeFileSync(archived, JSON.stringify(t, null, 2));
  const amiState = writeGenomicsAmiState(join(dir, "ami-state.json"));
  const keysDir = join(dir, "keys");
  const build = (out: string, now?: Date) => runBuild({ registry, out, env: {}, devKeysDir: keysDir, amiState, site: false, ...(now ? { now } : {}) });
  const summary = await build(join(dir, "out"), options.now);
  const server = await startStaticServer(join(dir, "out"));
  let releases = 0;
  const release = async (now: Date) => {
    const out = join(dir, `out-${++releases}`);
    await build(out, now);
    return out;
  };
  return { server, url: server.url, root: summary.rootPath, keysDir, release, close: () => server.close() };
}
