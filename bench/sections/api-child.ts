// The marketplace API on dynalite, in its own process for the API benchmark:
//   node --import tsx api-child.ts <built tree>
// Tables come from the real create-tables code and the catalog rows from the real publish code
// (writeCatalog over the tree's metadata.json records), as `npm start` sets them up.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startApiServer } from "../../apps/api/node.js";
import { startDynalite } from "../../apps/local/emulators.js";
import { dynamoClient, LOCAL_CREDENTIALS } from "../../core/aws/clients.js";
import { parsePublishedTemplate } from "../../core/deploy/catalog-record.js";
import { createTables } from "../../core/deploy/create-tables.js";
import { writeCatalog } from "../../core/deploy/dynamo-catalog.js";
import { templateMetadataPath } from "../../core/spec/layout.js";
import { serveUntilStdinCloses } from "../lib/server-child.js";

const [tree] = process.argv.slice(2);
if (!tree) throw new Error("usage: api-child.ts <built tree>");
const prefix = "bench-";
const dynamo = await startDynalite();
const client = dynamoClient({ endpoint: dynamo.endpoint, credentials: { ...LOCAL_CREDENTIALS } });
await createTables(client, { prefix });
const records = readdirSync(join(tree, "templates")).map((id) => {
  const key = templateMetadataPath(id);
  return parsePublishedTemplate(readFileSync(join(tree, key), "utf8"), key);
});
await writeCatalog({ client, records, tablePrefix: prefix });
const api = await startApiServer({ client, tablePrefix: prefix, log: () => {}, registryEnv: {} });
const templates = records.map((r) => ({ id: r.template_id, owners: [r.author, ...r.owners] }));
serveUntilStdinCloses({ url: api.url, templates }, async () => {
  await api.close();
  client.destroy();
  await dynamo.close();
});
