import {
  CopyImageCommand,
  CreateImageCommand,
  CreateTagsCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  EC2Client,
  EnableImageDeprecationCommand,
  ModifyImageAttributeCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import {
  CancelCommandCommand,
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  GetParameterCommand,
  SendCommandCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import type { RegionClients } from "../../core/ami/clients.js";
import type { Runtime } from "../../core/ami/runtime.js";
import type { FakeCommand, FakeImage, FakeInstance } from "./fake-world.js";
import { FakeWorld } from "./fake-world-ssm.js";

export { ACCOUNT } from "./fake-world.js";
export type { FakeCommand, FakeImage, FakeInstance };

/** One recorded call, in the order the pipeline made them across every region and service. */
export interface Call {
  region: string;
  service: "ec2" | "ssm";
  command: string;
  input: Record<string, unknown>;
}

type Handler = (region: string, input: never) => unknown;

/**
 * A stateful EC2 + SSM fake on aws-sdk-client-mock: one mocked client pair per region, all
 * sharing one FakeWorld of instances, images, snapshots and commands. Time is a counter that
 * the runtime's sleep advances, so hour-long waits take no real time.
 */
export class FakeAws {
  readonly world = new FakeWorld();
  readonly calls: Call[] = [];
  private readonly clients = new Map<string, RegionClients>();
  private readonly throttles = new Map<string, { left: number; name: string; status: number }>();
  /** Return an Error to make a call fail, or "hang" to never answer it (a crashed process). */
  failWhen: (command: string, region: string, input: Record<string, unknown>) => Error | "hang" | undefined = () => undefined;
  /** Resolves when the first call hangs. */
  readonly hung: Promise<void>;
  private markHung: () => void = () => undefined;

  constructor() {
    this.hung = new Promise((resolve) => {
      this.markHung = resolve;
    });
  }

  /** The next `times` calls of `command` fail with a throttling error. */
  throttle(command: string, times: number, name = "RequestLimitExceeded", status = 503): void {
    this.throttles.set(command, { left: times, name, status });
  }

  count(command: string, region?: string): number {
    return this.calls.filter((c) => c.command === command && (region === undefined || c.region === region)).length;
  }

  callsOf(command: string): Call[] {
    return this.calls.filter((c) => c.command === command);
  }

  runtime(): Runtime {
    const sleep = async (ms: number) => {
      this.world.clock += ms;
      // Let the other unit's promises run, as real waiting would.
      await new Promise<void>((resolve) => setImmediate(resolve));
    };
    return { now: () => new Date(this.world.clock), sleep, retry: { attempts: 5, baseDelayMs: 100, sleep } };
  }

  readonly clientsFor = (region: string): RegionClients => {
    let pair = this.clients.get(region);
    if (pair) return pair;
    pair = { ec2: new EC2Client({ region }), ssm: new SSMClient({ region }) };
    const ec2 = mockClient(pair.ec2);
    const ssm = mockClient(pair.ssm);
    ec2.onAnyCommand().rejects(new Error("the fake does not implement this EC2 command"));
    ssm.onAnyCommand().rejects(new Error("the fake does not implement this SSM command"));
    const w = this.world;
    const ec2Handlers: [new (input: never) => object, string, Handler][] = [
      [RunInstancesCommand, "RunInstances", (r, i) => w.runInstances(r, i)],
      [DescribeInstancesCommand, "DescribeInstances", (r, i) => w.describeInstances(r, i)],
      [StartInstancesCommand, "StartInstances", (r, i) => w.setInstanceStates(r, i, "start")],
      [StopInstancesCommand, "StopInstances", (r, i) => w.setInstanceStates(r, i, "stop")],
      [TerminateInstancesCommand, "TerminateInstances", (r, i) => w.setInstanceStates(r, i, "terminate")],
      [CreateTagsCommand, "CreateTags", (r, i) => w.createTags(r, i)],
      [DescribeImagesCommand, "DescribeImages", (r, i) => w.describeImages(r, i)],
      [CreateImageCommand, "CreateImage", (r, i) => w.createImage(r, i)],
      [CopyImageCommand, "CopyImage", (r, i) => w.copyImage(r, i)],
      [ModifyImageAttributeCommand, "ModifyImageAttribute", (r, i) => w.modifyImageAttribute(r, i)],
      [EnableImageDeprecationCommand, "EnableImageDeprecation", (r, i) => w.enableImageDeprecation(r, i)],
      [DeregisterImageCommand, "DeregisterImage", (r, i) => w.deregisterImage(r, i)],
      [DeleteSnapshotCommand, "DeleteSnapshot", (r, i) => w.deleteSnapshot(r, i)],
    ];
    const ssmHandlers: [new (input: never) => object, string, Handler][] = [
      [GetParameterCommand, "GetParameter", (r, i) => w.getParameter(r, i)],
      [DescribeInstanceInformationCommand, "DescribeInstanceInformation", (r, i) => w.describeInstanceInformation(r, i)],
      [SendCommandCommand, "SendCommand", (r, i) => w.sendCommand(r, i)],
      [GetCommandInvocationCommand, "GetCommandInvocation", (r, i) => w.getCommandInvocation(r, i)],
      [CancelCommandCommand, "CancelCommand", (r, i) => w.cancelCommand(r, i)],
    ];
    for (const [type, name, handler] of ec2Handlers)
      ec2.on(type as never).callsFake((input: unknown) => this.handle("ec2", name, region, input as never, handler));
    for (const [type, name, handler] of ssmHandlers)
      ssm.on(type as never).callsFake((input: unknown) => this.handle("ssm", name, region, input as never, handler));
    this.clients.set(region, pair);
    return pair;
  };

  private handle(service: "ec2" | "ssm", command: string, region: string, input: never, handler: Handler): Promise<unknown> {
    this.calls.push({ region, service, command, input: structuredClone(input) as Record<string, unknown> });
    const throttle = this.throttles.get(command);
    if (throttle && throttle.left > 0) {
      throttle.left -= 1;
      return Promise.reject(awsError(throttle.name, "Rate exceeded", throttle.status));
    }
    const fault = this.failWhen(command, region, input as Record<string, unknown>);
    if (fault === "hang") {
      this.markHung();
      return new Promise(() => undefined);
    }
    if (fault) return Promise.reject(fault);
    try {
      return Promise.resolve(handler(region, input));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

/** An error shaped like the SDK's service exceptions: name, message and HTTP status. */
export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status } });
}
