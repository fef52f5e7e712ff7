import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Hono } from "hono";
import { createApp } from "../../apps/api/app.js";
import type { IdentityMode } from "../../apps/api/identity.js";
import { type Emulator, startDynalite } from "../../apps/local/emulators.js";
import { dynamoClient, LOCAL_CREDENTIALS } from "../../core/aws/clients.js";
import { tableName } from "../../core/community/tables.js";
import { createTables } from "../../core/deploy/create-tables.js";

export const BASE = "/api/v1/marketplace";

export interface Community {
  dynamo: Emulator;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  prefix: string;
  close(): Promise<void>;
}

/** dynalite in memory with every table of tableDefinitions() under a fresh prefix. */
export async function startCommunity(prefix = "t-"): Promise<Community> {
  const dynamo = await startDynalite();
  const client = dynamoClient({ endpoint: dynamo.endpoint, credentials: { ...LOCAL_CREDENTIALS } });
  await createTables(client, { prefix });
  return {
    dynamo,
    client,
    doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    prefix,
    close: async () => {
      client.destroy();
      await dynamo.close();
    },
  };
}

export interface SeedTemplate {
  template_id: string;
  author?: string;
  owners?: string[];
  category?: string;
  tags?: string[];
  visibility?: "public" | "private" | "organization";
  maintenance_status?: "active" | "deprecated" | "archived";
  name?: string;
  description?: string;
  architecture?: string[];
  regions?: string[];
}

/** A catalog row as publish writes it (core/deploy/catalog-record.ts). */
export async function seedTemplate(community: Community, t: SeedTemplate): Promise<void> {
  await community.doc.send(
    new PutCommand({
      TableName: tableName("communityTemplates", community.prefix),
      Item: {
        template_id: t.template_id,
        name: t.name ?? `Template ${t.template_id}`,
        description: t.description ?? `About ${t.template_id}`,
        author: t.author ?? "publisher",
        owners: t.owners ?? [t.author ?? "publisher"],
        version: "1.0.0",
        category: t.category ?? "bioinformatics",
        tags: t.tags ?? ["genomics"],
        architecture: t.architecture ?? ["x86_64"],
        regions: t.regions ?? ["us-east-1"],
        visibility: t.visibility ?? "public",
        maintenance_status: t.maintenance_status ?? "active",
        last_updated: "2026-10-01T00:00:00Z",
        catalog_hash: "x",
      },
    }),
  );
}

export function testApp(community: Community, options: { identity?: IdentityMode; now?: () => Date } = {}): Hono {
  return createApp({
    client: community.client,
    tablePrefix: community.prefix,
    identity: options.identity ?? { kind: "dev-header" },
    ...(options.now ? { now: options.now } : {}),
    log: () => {},
    // Registry changes stay unconfigured (501) whatever the machine's environment says.
    registryEnv: {},
  }) as unknown as Hono;
}

/** A JSON request against the app, as `user` (X-CWS-User) when given. */
export async function call(
  app: Hono,
  method: string,
  path: string,
  options: { user?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.user) headers["x-cws-user"] = options.user;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await app.request(`${BASE}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

export function usageEvent(templateId: string, event: string, occurredAt: Date, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { event_id: randomUUID(), template_id: templateId, event, occurred_at: occurredAt.toISOString(), client: "cws/test", ...overrides };
}

export const REVIEW = { rating: 5, title: "Works out of the box", content: "Launched it, ran the pipeline, done." };

export const ROOT = new URL("../../", import.meta.url).pathname;

/**
 * Runs scripts/<script> through tsx without blocking the event loop (the tests' dynalite runs in
 * this process, so spawnSync would deadlock).
 */
export async function runScriptAsync(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, [`${ROOT}node_modules/tsx/dist/cli.mjs`, `${ROOT}scripts/${script}`, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { status, stdout, stderr };
}
