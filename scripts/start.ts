// npm start: the whole marketplace on this machine (see apps/local/start-marketplace.ts).
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { assertPortFree, onAncestorExit } from "../apps/local/process-guards.js";
import { startMarketplace } from "../apps/local/start-marketplace.js";
import { LOCAL_URL } from "../cli/src/lib/config.js";
import { EXIT } from "../core/errors.js";
import { API_BASE, CATALOG_PATH } from "../core/spec/layout.js";
import { runScript } from "./lib/run-script.js";

const USAGE = `Usage: npm start [-- options]

Runs the marketplace locally: DynamoDB (dynalite) and S3 (s3rver) with data under --data-dir,
a build of the registry when it changed, a publish to the local bucket, and an HTTP server
for the CDN tree. Ctrl-C stops everything.

Options:
  --port <n>         HTTP port (default: PORT or 4321; 0 picks a free one)
  --registry <dir>   registry folder (default: registry)
  --out <dir>        build output (default: dist)
  --data-dir <dir>   emulator data and dev keys (default: CWS_DATA_DIR or .data)
  -h, --help         show this help`;

await runScript(USAGE, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: process.env.PORT ?? "4321" },
      registry: { type: "string", default: "registry" },
      out: { type: "string", default: "dist" },
      "data-dir": { type: "string", default: process.env.CWS_DATA_DIR ?? ".data" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const say = (line: string) => process.stdout.write(`${line}\n`);
  // Once npm is gone nobody reads stdout; a write must not crash the shutdown.
  process.stdout.on("error", () => {});
  // npm → sh → tsx → this script: killing npm must stop the server too. The ancestors are
  // recorded now, before a kill during the build could reparent tsx and hide them.
  let stop = () => {
    stopped = true;
  };
  let stopped = false;
  onAncestorExit(3, () => stop());
  const port = Number(values.port);
  await assertPortFree(port);
  const market = await startMarketplace({
    registry: values.registry,
    out: values.out,
    dataDir: values["data-dir"],
    port,
    env: process.env,
    log: say,
  });
  const u = market.url;
  const api = `${u}${API_BASE}`;
  // The CLI finds http://127.0.0.1:4321 and .data/tuf/root.json by itself; anything else it is told.
  const cwsEnv =
    u === LOCAL_URL && market.rootPath === resolve(".data", "tuf", "root.json")
      ? ""
      : `CWS_MARKETPLACE_URL=${u} CWS_MARKETPLACE_ROOT=${market.rootPath} CWS_MARKETPLACE_API=${u} `;
  say(`
CloudWorkstation Marketplace is running locally
  CDN tree       ${u}/
  catalog        ${u}/${CATALOG_PATH}
  API            ${api}/  (OpenAPI: ${api}/openapi.json)
  TUF metadata   ${u}/metadata/timestamp.json
  trusted root   ${market.rootPath}
  S3 (s3rver)    ${market.s3Endpoint}  bucket cws-marketplace
  DynamoDB       ${market.dynamoEndpoint}  (dynalite; for other commands: export CWS_DYNAMODB_ENDPOINT=${market.dynamoEndpoint})
  registry (git) ${market.gitUrl}  (local CI merges pull requests and republishes)
  pull requests  ${market.pullRequestsUrl}
  CLI config     ${market.cliConfig ? (market.cliConfig.written ? `${market.cliConfig.path} (cws finds this marketplace as ${market.user}, no flags)` : `not written: ${market.cliConfig.reason}; pass --registry-url ${u} --registry-repo ${market.gitUrl}`) : "not written"}

Try:
  curl -s ${api}/templates/genomics-pipeline-v3
  ${cwsEnv}npx cws marketplace search genomics
  ${cwsEnv}npx cws marketplace info genomics-pipeline-v3
  ${cwsEnv}npx cws marketplace fork genomics-pipeline-v3 --name my-fork
  curl -s ${market.pullRequestsUrl}      # local CI's verdict, with diagnostics
  ${cwsEnv}npx cws marketplace info my-fork --refresh
  git clone ${market.gitUrl}
  curl -s -X POST ${api}/templates/genomics-pipeline-v3/reviews -H 'X-CWS-User: alice' -H 'content-type: application/json' \\
    -d '{"rating":5,"title":"Great for WGS","content":"Everything worked out of the box."}'
  npm run sync-stats -- --dynamodb-endpoint ${market.dynamoEndpoint} && npm run build -- --dynamodb-endpoint ${market.dynamoEndpoint}
  npm run publish -- --dry-run --bucket cws-marketplace --endpoint ${market.s3Endpoint} --dynamodb-endpoint ${market.dynamoEndpoint}

ready: ${u}
Press Ctrl-C to stop.`);
  await new Promise<void>((resolve) => {
    stop = resolve;
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    if (stopped) resolve();
  });
  say("stopping…");
  await market.close();
  say("stopped.");
  return EXIT.ok;
});
