import { spawn } from "node:child_process";
import { join } from "node:path";
import { type DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynalite } from "../../apps/local/emulators.js";
import { dynamoClient, LOCAL_CREDENTIALS } from "../../core/aws/clients.js";
import { CATALOG_ATTRIBUTES, COMMUNITY_COUNTERS, tableDefinitions, tableName } from "../../core/community/tables.js";
import { catalogHash, catalogItem } from "../../core/deploy/catalog-record.js";
import { createTables } from "../../core/deploy/create-tables.js";
import { writeCatalog } from "../../core/deploy/dynamo-catalog.js";
import { publishTree } from "../../core/deploy/publish-tree.js";
import type { PublishedTemplate } from "../../core/types/generated.js";
import { BUCKET, baseTargets, publishedRecord, ROOT, removeTemps, startS3, tempDir, writeTree } from "./helpers.js";

let dynamo: Awaited<ReturnType<typeof startDynalite>>;
let client: DynamoDBClient;
let doc: DynamoDBDocumentClient;
const PREFIX = "t1-";
const TEMPLATES = tableName("communityTemplates", PREFIX);
const PUBLICATIONS = tableName("userPublications", PREFIX);

beforeAll(async () => {
  dynamo = await startDynalite();
  client = dynamoClient({ endpoint: dynamo.endpoint, credentials: { ...LOCAL_CREDENTIALS } });
  doc = DynamoDBDocumentClient.from(client);
  await createTables(client, { prefix: PREFIX });
});
afterAll(async () => {
  client.destroy();
  await dynamo.close();
  removeTemps();
});

const item = async (id: string) => (await doc.send(new GetCommand({ TableName: TEMPLATES, Key: { template_id: id }, ConsistentRead: true }))).Item;
async function rows(id: string) {
  const out = await doc.send(
    new QueryCommand({
      TableName: PUBLICATIONS,
      IndexName: "template-index",
      KeyConditionExpression: "template_id = :t",
      ExpressionAttributeValues: { ":t": id },
    }),
  );
  return (out.Items ?? []).map((r) => `${r.user}:${r.role}:${r.version}`).sort();
}
const write = (records: PublishedTemplate[]) => writeCatalog({ client, records, tablePrefix: PREFIX });

describe("create-tables", () => {
  it("is idempotent: existing tables are reported, not an error", async () => {
    const again = await createTables(client, { prefix: PREFIX });
    const names = tableDefinitions(PREFIX).map((d) => d.TableName);
    expect(names).toEqual(expect.arrayContaining([TEMPLATES, PUBLICATIONS]));
    expect(again).toEqual(names.map((table) => ({ table, status: "exists" })));
    const fresh = await createTables(client, { prefix: "t2-" });
    expect(fresh).toEqual(tableDefinitions("t2-").map((d) => ({ table: d.TableName, status: "created" })));
  });

  it("runs as a script against an endpoint", async () => {
    const r = await new Promise<{ status: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "scripts/create-tables.ts"), "--endpoint", dynamo.endpoint, "--prefix", "t3-"],
        {
          env: { ...process.env, NO_COLOR: "1", AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" },
        },
      );
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout }));
    });
    expect(r.status).toBe(0);
    const names = tableDefinitions("t3-").map((d) => d.TableName ?? "");
    expect(r.stdout).toBe(names.map((name) => `created ${name} (ACTIVE)\n`).join(""));
    const tables = await client.send(new ListTablesCommand({}));
    expect(tables.TableNames).toEqual(expect.arrayContaining(names));
  });
});

describe("DynamoDB catalog", () => {
  it("never names a community counter among the catalog attributes", () => {
    expect(CATALOG_ATTRIBUTES.filter((a) => (COMMUNITY_COUNTERS as readonly string[]).includes(a))).toEqual([]);
  });

  it("writes catalog attributes and publication rows, never counters", async () => {
    const record = publishedRecord("jupyter-data-science");
    const result = await write([record]);
    expect(result).toMatchObject({ written: ["jupyter-data-science"], unchanged: [] });
    const stored = await item("jupyter-data-science");
    expect(stored).toEqual({ ...catalogItem(record), catalog_hash: catalogHash(catalogItem(record)) });
    // The record carries downloads/reviews, but those belong to the community API.
    expect(stored).not.toHaveProperty("downloads");
    expect(stored).not.toHaveProperty("reviews");
    expect(stored?.visibility).toBe(record.publication.visibility);
    const expectedRows = [
      `${record.author}:author:${record.version}`,
      ...record.owners.filter((o) => o !== record.author).map((o) => `${o}:owner:${record.version}`),
    ];
    expect(await rows("jupyter-data-science")).toEqual(expectedRows.sort());
  });

  it("keeps counters across a republish with changed catalog fields, and skips unchanged records", async () => {
    const record = publishedRecord("astronomy-astropy");
    await write([record]);
    await doc.send(
      new UpdateCommand({
        TableName: TEMPLATES,
        Key: { template_id: "astronomy-astropy" },
        UpdateExpression: "ADD downloads :n, launches :m",
        ExpressionAttributeValues: { ":n": 42, ":m": 7 },
      }),
    );

    const changed = { ...record, description: "A revised description of the astronomy workstation.", version: "9.9.9" };
    const second = await write([changed]);
    expect(second.written).toEqual(["astronomy-astropy"]);
    const after = await item("astronomy-astropy");
    expect(after).toMatchObject({
      description: changed.description,
      version: "9.9.9",
      downloads: 42,
      launches: 7,
      catalog_hash: catalogHash(catalogItem(changed)),
    });

    // Tamper with a catalog field behind publish's back: an unchanged record must not be rewritten.
    await doc.send(
      new UpdateCommand({
        TableName: TEMPLATES,
        Key: { template_id: "astronomy-astropy" },
        UpdateExpression: "SET #n = :x",
        ExpressionAttributeNames: { "#n": "name" },
        ExpressionAttributeValues: { ":x": "tampered" },
      }),
    );
    const third = await write([changed]);
    expect(third).toMatchObject({ written: [], unchanged: ["astronomy-astropy"], rowsPut: 0, rowsDeleted: 0 });
    expect(await item("astronomy-astropy")).toMatchObject({ name: "tampered", downloads: 42 });
  });

  it("follows owner changes in user-publications", async () => {
    const base = publishedRecord("gromacs-graviton");
    const v1 = { ...base, author: "alice", owners: ["alice", "bob"], version: "1.0.0" } as PublishedTemplate;
    await write([v1]);
    expect(await rows("gromacs-graviton")).toEqual(["alice:author:1.0.0", "bob:owner:1.0.0"]);
    const v2 = { ...v1, owners: ["alice", "carol"], version: "1.1.0" } as PublishedTemplate;
    const result = await write([v2]);
    expect(result).toMatchObject({ rowsDeleted: 1, rowsPut: 2 });
    expect(await rows("gromacs-graviton")).toEqual(["alice:author:1.1.0", "carol:owner:1.1.0"]);
    const bob = await doc.send(new GetCommand({ TableName: PUBLICATIONS, Key: { user: "bob", template_id: "gromacs-graviton" } }));
    expect(bob.Item).toBeUndefined();
  });

  it("is written by publishTree from the tree's metadata.json records", async () => {
    const s3 = await startS3();
    try {
      const dir = tempDir();
      const record = publishedRecord("hpc-mpi-spack");
      writeTree(dir, baseTargets(record), 100);
      const result = await publishTree({ dir, bucket: BUCKET, endpoint: s3.endpoint, dynamodb: { endpoint: dynamo.endpoint, tablePrefix: PREFIX } });
      expect(result.catalog).toMatchObject({ written: ["hpc-mpi-spack"] });
      expect(await item("hpc-mpi-spack")).toMatchObject({ name: record.name, author: record.author });
    } finally {
      await s3.close();
    }
  });
});
