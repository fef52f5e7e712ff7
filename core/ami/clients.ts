import { EC2Client } from "@aws-sdk/client-ec2";
import { SSMClient } from "@aws-sdk/client-ssm";
import type { AwsEndpoint } from "../aws/clients.js";
// For its side effect: it silences the SDK's Node 20 support notice, which would print on every run.
import "../aws/clients.js";

/**
 * EC2 and SSM clients for one region. The AMI pipeline talks to several regions at once (build
 * region plus every copy target), so the region is always explicit here rather than taken from
 * the environment the way core/aws/clients.ts defaults it.
 */
export interface RegionClients {
  ec2: EC2Client;
  ssm: SSMClient;
}

export type ClientsFor = (region: string) => RegionClients;

function settings(region: string, options: AwsEndpoint) {
  return {
    region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}

const NAMED = { step: "initialize", name: "cwsNameFailedCommand" } as const;

export function ec2Client(region: string, options: AwsEndpoint = {}): EC2Client {
  const client = new EC2Client(settings(region, options));
  client.middlewareStack.add(nameFailedCommand, NAMED);
  return client;
}

export function ssmClient(region: string, options: AwsEndpoint = {}): SSMClient {
  const client = new SSMClient(settings(region, options));
  client.middlewareStack.add(nameFailedCommand, NAMED);
  return client;
}

/**
 * One pair of clients per region, created on first use and destroyed together, so a run over
 * ten regions opens ten connection pools rather than one per call.
 */
export function regionClientPool(options: AwsEndpoint = {}): { clientsFor: ClientsFor; destroy(): void } {
  const made = new Map<string, RegionClients>();
  return {
    clientsFor(region) {
      let clients = made.get(region);
      if (!clients) {
        clients = { ec2: ec2Client(region, options), ssm: ssmClient(region, options) };
        made.set(region, clients);
      }
      return clients;
    },
    destroy() {
      for (const c of made.values()) {
        c.ec2.destroy();
        c.ssm.destroy();
      }
      made.clear();
    },
  };
}

/**
 * Marks an error with the command that raised it (as `$command`), so a failure deep in a build
 * reads "DescribeInstances: AccessDenied..." rather than a bare service message.
 */
// biome-ignore lint/suspicious/noExplicitAny: the SDK's middleware types are generic over every command.
const nameFailedCommand = (next: any, context: any) => async (args: any) => {
  try {
    return await next(args);
  } catch (error) {
    if (typeof error === "object" && error !== null && typeof context?.commandName === "string") {
      Object.assign(error, { $command: context.commandName.replace(/Command$/, "") });
    }
    throw error;
  }
};
