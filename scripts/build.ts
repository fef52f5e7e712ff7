// npm run build: registry → signed CDN tree (docs/client-spec.md) in dist/.
import { parseArgs } from "node:util";
import { dynamoClient, LOCAL_CREDENTIALS, s3Client } from "../core/aws/clients.js";
import { MANIFEST_PATH } from "../core/build/manifest.js";
import { runBuild } from "../core/build/run-build.js";
import { EXIT } from "../core/errors.js";
import { DEV_KEYS_DIR } from "../core/tuf/key-source.js";
import { runScript } from "./lib/run-script.js";

const USAGE = `Usage: npm run build -- [options]

Validates the registry, then writes the signed CDN tree: per-template records, indexes, the Lunr
search index, every published version and TUF metadata (docs/client-spec.md).

Options:
  --registry <dir>           registry folder (default: registry)
  --out <dir>                output folder (default: dist)
  --dynamodb                 read community stats from DynamoDB through the standard AWS chain
  --dynamodb-endpoint <url>  read community stats from a local DynamoDB (dynalite)
  --table-prefix <p>         DynamoDB table name prefix (default: CWS_TABLE_PREFIX)
  --ami-state <path|s3://…>  the AMI pipeline's state file (default: CWS_AMI_STATE; none means no AMIs)
  --include-non-public       also publish private and organization templates (private marketplaces)
  --no-site                  leave out the catalog website (data, API files and metadata only)
  --keys-dir <dir>           local dev signing keys when no CWS_TUF_* variable is set (default: ${DEV_KEYS_DIR})
  -h, --help                 show this help

Without --dynamodb* every community stat is zero. CWS_SITE_URL sets the site's canonical URL. SOURCE_DATE_EPOCH makes even the signed
metadata reproducible. Exit status: 0 built, 1 the registry has errors, 2 usage or key problems.`;

await runScript(USAGE, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      registry: { type: "string", default: "registry" },
      out: { type: "string", default: "dist" },
      dynamodb: { type: "boolean", default: false },
      "dynamodb-endpoint": { type: "string" },
      "table-prefix": { type: "string" },
      "ami-state": { type: "string" },
      "include-non-public": { type: "boolean", default: false },
      "no-site": { type: "boolean", default: false },
      "keys-dir": { type: "string", default: DEV_KEYS_DIR },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const started = performance.now();
  const endpoint = values["dynamodb-endpoint"] ?? process.env.CWS_DYNAMODB_ENDPOINT;
  const dynamo = endpoint ? dynamoClient({ endpoint, credentials: LOCAL_CREDENTIALS }) : values.dynamodb ? dynamoClient() : undefined;
  const amiState = values["ami-state"] ?? process.env.CWS_AMI_STATE;
  const tablePrefix = values["table-prefix"] ?? process.env.CWS_TABLE_PREFIX;
  const summary = await runBuild({
    registry: values.registry,
    out: values.out,
    env: process.env,
    devKeysDir: values["keys-dir"],
    includeNonPublic: values["include-non-public"],
    site: !values["no-site"],
    ...(dynamo ? { dynamo } : {}),
    ...(tablePrefix ? { tablePrefix } : {}),
    ...(amiState ? { amiState, s3: s3Client() } : {}),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const lines = [
    `built ${summary.out}/: ${summary.templates} templates, ${summary.sitePages} site pages, ${summary.targets} targets, ${summary.files} files, ${(summary.bytes / 1024).toFixed(0)} KiB in ${seconds} s`,
    `signed with ${summary.keySource === "dev" ? "local dev keys" : "CI keys"}, metadata version ${summary.metadataVersion}; trusted root: ${summary.rootPath}`,
    `TUF: ${summary.delegation.topLevelTargets} targets in targets.json, the rest in ${summary.delegation.bins} hash bins (bit_length ${summary.delegation.bitLength}, ${summary.delegation.reusedBins} kept unchanged)`,
    summary.write.mode === "full"
      ? `wrote the whole tree (${summary.write.written} files) and its manifest`
      : `incremental: ${summary.write.written} files rewritten, ${summary.write.kept} unchanged, ${summary.write.removed} removed (manifest: ${summary.out}/${MANIFEST_PATH})`,
    ...summary.warnings.map((warning) => `warning: ${warning}`),
    ...(dynamo ? [] : ["community stats: not configured (all zero); pass --dynamodb or --dynamodb-endpoint"]),
    ...(summary.shallow ? ["note: shallow clone, so some version histories are incomplete (history_complete: false)"] : []),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return EXIT.ok;
});
