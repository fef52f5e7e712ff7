// npm run fetch-metadata -- --bucket B [--prefix P] [--dir dist] [--endpoint URL] [--region R]
// CI runs it before the build: the new timestamp must be newer than the live one, and bins whose
// targets did not change are published again unchanged. The work is in core/deploy/fetch-metadata.ts.
import { parseArgs } from "node:util";
import { endpointSettings, s3Client } from "../core/aws/clients.js";
import { fetchPublishedMetadata } from "../core/deploy/fetch-metadata.js";
import { normalizePrefix } from "../core/deploy/s3-sync.js";
import { CwsError, EXIT } from "../core/errors.js";
import { runScript } from "./lib/run-script.js";

const USAGE = `usage: npm run fetch-metadata -- --bucket <name> [options]

Copies the live metadata/timestamp.json, the snapshot it names and the hash bins that snapshot
names from S3 into <dir>/metadata/, for the next npm run build. Writes nothing when the bucket
has no timestamp.json yet (the first publish). AWS credentials come from the standard chain.

options:
  --bucket <name>     S3 bucket the tree is published to (required)
  --prefix <folder>   folder in the bucket (default: the bucket root)
  --dir <dir>         the folder the build writes (default: dist)
  --endpoint <url>    S3-compatible endpoint for local testing
  --region <region>   AWS region (default: AWS_REGION, else us-east-1)
  -h, --help          show this help`;

await runScript(USAGE, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      bucket: { type: "string" },
      prefix: { type: "string" },
      dir: { type: "string", default: "dist" },
      endpoint: { type: "string" },
      region: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (!values.bucket) throw new CwsError("USAGE", "--bucket is required", "run `npm run fetch-metadata -- --help` for the options", EXIT.usage);
  const client = s3Client(endpointSettings(values.endpoint, values.region));
  try {
    const target = { client, bucket: values.bucket, prefix: normalizePrefix(values.prefix) };
    const result = await fetchPublishedMetadata(target, values.dir);
    process.stdout.write(
      result.files.length === 0
        ? `no metadata/timestamp.json in s3://${values.bucket}/${target.prefix}: first publish\n`
        : `fetched ${result.files.length} metadata files (${result.bins} bins) into ${values.dir}/metadata/\n`,
    );
  } finally {
    client.destroy();
  }
  return EXIT.ok;
});
